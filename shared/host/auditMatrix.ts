/**
 * Audit rules on the sysfs picture: ownership conflicts, host-owned mdev
 * queues, guest-matrix filtering, ids outside the LPAR or above the maxima,
 * control domains, and freed queues that cannot bind or that nobody uses.
 */
import type { Finding } from '../api/contract';
import { hex2, maskAnd, maskAndNot, maskIds, maskIsEmpty, maskUpTo } from '../ap';
import { adapterList, apqn, apqnList, cellsOf, domainList, finding, plural } from './auditText';
import type { HostState } from './hostState';
import {
  BIND_CEX4QUEUE,
  BIND_NO_DEVICE,
  BIND_OTHER,
  BIND_UNBOUND,
  BIND_VFIO_AP,
  LPAR_CONFIGURED,
  LPAR_DECONFIGURED,
  LPAR_NO_DEVICE,
  type Layers
} from './layers';

export interface AuditContext {
  host: HostState;
  layers: Layers;
  guests: Map<string, string[]>;
  label: (uuid: string) => string;
}

/** §9.2: a usage queue belongs to at most one mdev. */
export function queuesInTwoMdevs(cx: AuditContext): Finding[] {
  const out: Finding[] = [];
  const ms = cx.layers.masks.mdevs;
  for (let i = 0; i < ms.length; i++) {
    for (let j = i + 1; j < ms.length; j++) {
      const apm = maskAnd(ms[i].apm, ms[j].apm);
      const aqm = maskAnd(ms[i].aqm, ms[j].aqm);
      if (maskIsEmpty(apm) || maskIsEmpty(aqm)) continue;
      const cells = cellsOf(apm, aqm);
      const a = cx.host.mdevs[i].uuid;
      const b = cx.host.mdevs[j].uuid;
      const what = cells.length === 1 ? `Queue ${apqn(cells[0])} is` : `${cells.length} queues (${apqnList(cells)}) are`;
      out.push(
        finding(
          'queue-in-two-mdevs',
          'error',
          `${what} assigned to both ${cx.label(a)} and ${cx.label(b)}; a usage queue may belong to one mdev only, so the second guest cannot get it.`,
          cells,
          [a, b]
        )
      );
    }
  }
  return out;
}

/** §2.2 / §2.1: an mdev queue the host's masks still reserve (possible in E1, where mask writes are not checked). */
export function mdevQueuesHostOwned(cx: AuditContext): Finding[] {
  const out: Finding[] = [];
  const { apmask, aqmask } = cx.layers.masks;
  cx.layers.masks.mdevs.forEach((m, i) => {
    const apm = maskAnd(m.apm, apmask);
    const aqm = maskAnd(m.aqm, aqmask);
    if (maskIsEmpty(apm) || maskIsEmpty(aqm)) return;
    const cells = cellsOf(apm, aqm);
    const uuid = cx.host.mdevs[i].uuid;
    const what = cells.length === 1 ? `Queue ${apqn(cells[0])} is` : `${cells.length} queues (${apqnList(cells)}) are`;
    const why =
      cx.host.era === 'E1'
        ? 'This kernel does not check mask changes against mdevs, so the host drivers took it back while the mdev kept it; the guest cannot use it.'
        : 'The kernel refuses such an assignment, so the host or the mdev changed outside the usual checks; the guest cannot use it.';
    out.push(
      finding(
        'mdev-queue-host-owned',
        'error',
        `${what} assigned to ${cx.label(uuid)} but reserved for the host by apmask and aqmask. ${why}`,
        cells,
        [uuid]
      )
    );
  });
  return out;
}

function bindingWhy(layers: Layers, cell: number): string {
  const b = layers.binding[cell];
  if (b === BIND_CEX4QUEUE) return `${apqn(cell)} is bound to cex4queue (the host's masks keep it)`;
  if (b === BIND_UNBOUND) return `${apqn(cell)} is bound to no driver`;
  if (b === BIND_OTHER) return `${apqn(cell)} is bound to another driver`;
  return `${apqn(cell)} has no queue device`;
}

/** §7.1: an adapter reaches the guest only when every assigned queue of it is bound to vfio_ap. */
export function adaptersFiltered(cx: AuditContext): Finding[] {
  if (cx.host.era === 'E1') return []; // no guest_matrix before 6.0 (§6.4)
  const out: Finding[] = [];
  const { adapters, usageDomains } = cx.layers.masks;
  cx.host.mdevs.forEach((info, i) => {
    if (info.guestApm === null) return;
    const m = cx.layers.masks.mdevs[i];
    const inLpar = maskUpTo(maskAnd(m.apm, adapters), cx.host.maxAdapter);
    const domains = maskIds(maskUpTo(maskAnd(m.aqm, usageDomains), cx.host.maxDomain));
    for (const a of maskIds(maskAndNot(inLpar, m.guestApm))) {
      const cells = domains.map((d) => (a << 8) | d);
      const causes = cells.filter((c) => cx.layers.binding[c] !== BIND_VFIO_AP);
      const lost = cells.filter((c) => !causes.includes(c));
      const because = causes.length
        ? `${causes
            .slice(0, 3)
            .map((c) => bindingWhy(cx.layers, c))
            .join(
              '; '
            )}${causes.length > 3 ? ` (and ${causes.length - 3} more)` : ''}, and an adapter reaches the guest only when every queue of it in the mdev is bound to vfio_ap`
        : 'no queue explains it now: the kernel re-filters only on the next assign, ap_config write or bind, so the drop is stale';
      const loses = lost.length ? ` The guest also loses ${apqnList(lost)}.` : '';
      out.push(
        finding(
          'adapter-filtered',
          'warning',
          `Adapter ${hex2(a)} is filtered out of the guest matrix of ${cx.label(info.uuid)}: ${because}.${loses}`,
          cells,
          [info.uuid]
        )
      );
    }
  });
  return out;
}

/** §3 / §9.8: freed queues (outside the host pool) in the LPAR that have no device or no driver. */
export function freedQueuesCannotBind(cx: AuditContext): Finding[] {
  const { lpar, host, binding, mdevOwner } = cx.layers;
  const noDevice = new Map<number, number[]>();
  const unbound: number[] = [];
  for (let cell = 0; cell < 65536; cell++) {
    if (host[cell] !== 0) continue;
    const l = lpar[cell];
    if (l !== LPAR_CONFIGURED && l !== LPAR_DECONFIGURED && l !== LPAR_NO_DEVICE) continue;
    const b = binding[cell];
    if (b === BIND_NO_DEVICE) {
      const a = cell >>> 8;
      const list = noDevice.get(a) ?? [];
      list.push(cell);
      noDevice.set(a, list);
    } else if (b === BIND_UNBOUND) unbound.push(cell);
  }
  const out: Finding[] = [];
  const sev = (cells: number[]) => (cells.some((c) => mdevOwner[c] !== 0) ? 'warning' : 'info');
  const owners = (cells: number[]) => [
    ...new Set(cells.filter((c) => mdevOwner[c] !== 0).map((c) => cx.host.mdevs[mdevOwner[c] - 1].uuid))
  ];
  for (const [a, cells] of noDevice) {
    out.push(
      finding(
        'queue-cannot-bind',
        sev(cells),
        `Adapter ${hex2(a)} is in the LPAR but has no AP device (a card older than CEX4, or one that does not answer), so its ${plural(cells.length, 'freed queue')} ${apqnList(cells)} can never bind to vfio_ap.`,
        cells,
        owners(cells)
      )
    );
  }
  if (unbound.length) {
    const why = cx.host.vfioLoaded ? 'unbound by hand or refused by vfio_ap' : 'the vfio_ap module is not loaded';
    out.push(
      finding(
        'queue-cannot-bind',
        sev(unbound),
        `${plural(unbound.length, 'freed queue')} (${apqnList(unbound)}) ${unbound.length === 1 ? 'is' : 'are'} bound to no driver: ${why}.`,
        unbound,
        owners(unbound)
      )
    );
  }
  return out;
}

/** §2.3 / §6.2: assigned ids above ap_max_*_id (the kernel answers ENODEV; they never reach a guest). */
export function idsAboveMax(cx: AuditContext): Finding[] {
  const out: Finding[] = [];
  const { maxAdapter, maxDomain } = cx.host;
  cx.layers.masks.mdevs.forEach((m, i) => {
    const as = maskIds(m.apm).filter((a) => a > maxAdapter);
    const ds = maskIds(m.aqm).filter((d) => d > maxDomain);
    const cs = maskIds(m.adm).filter((d) => d > maxDomain);
    if (!as.length && !ds.length && !cs.length) return;
    const parts = [
      as.length ? adapterList(as) : '',
      ds.length ? domainList(ds) : '',
      cs.length ? domainList(cs, 'control domain') : ''
    ].filter(Boolean);
    const cells = [...cellsOf(maskFrom(as), m.aqm), ...cellsOf(m.apm, maskFrom(ds))];
    const uuid = cx.host.mdevs[i].uuid;
    out.push(
      finding(
        'id-above-max',
        'warning',
        `${cx.label(uuid)} is assigned ${parts.join(', ')}, above this machine's maximum (adapter ${hex2(maxAdapter)}, domain ${maxDomain.toString(16).padStart(4, '0')}); no guest can get them.`,
        cells,
        [uuid]
      )
    );
  });
  return out;
}

function maskFrom(ids: number[]) {
  const m = new Uint8Array(32);
  for (const id of ids) m[id >>> 3] |= 0x80 >>> (id & 7);
  return m;
}

/** §6.3: over-provisioning, ids up to the maxima that the LPAR does not have. */
export function overProvisioned(cx: AuditContext): Finding[] {
  const out: Finding[] = [];
  const { adapters, usageDomains } = cx.layers.masks;
  cx.layers.masks.mdevs.forEach((m, i) => {
    const as = maskIds(maskUpTo(maskAndNot(m.apm, adapters), cx.host.maxAdapter));
    const ds = maskIds(maskUpTo(maskAndNot(m.aqm, usageDomains), cx.host.maxDomain));
    if (!as.length && !ds.length) return;
    const parts = [as.length ? adapterList(as) : '', ds.length ? domainList(ds, 'usage domain') : ''].filter(Boolean);
    const cells = [
      ...cellsOf(maskFrom(as), maskUpTo(m.aqm, cx.host.maxDomain)),
      ...cellsOf(maskUpTo(m.apm, cx.host.maxAdapter), maskFrom(ds))
    ];
    const uuid = cx.host.mdevs[i].uuid;
    const them = as.length + ds.length === 1 ? 'it' : 'them';
    const queues = cells.length
      ? ` ${apqnList(cells)} stay out of the guest until the LPAR configuration adds ${them}.`
      : ` They stay out of the guest until the LPAR configuration adds ${them}.`;
    out.push(
      finding(
        'over-provisioned',
        'warning',
        `${cx.label(uuid)} is assigned ${joinParts(parts)}, which this LPAR does not have (over-provisioning).${queues}`,
        cells,
        [uuid]
      )
    );
  });
  return out;
}

function joinParts(parts: string[]): string {
  return parts.join(' and ');
}

/** IBM advises a control domain for each usage domain (a rule of this project: control domains follow usage domains). */
export function usageWithoutControl(cx: AuditContext): Finding[] {
  const out: Finding[] = [];
  cx.layers.masks.mdevs.forEach((m, i) => {
    const ds = maskIds(maskAndNot(m.aqm, m.adm));
    if (!ds.length) return;
    const uuid = cx.host.mdevs[i].uuid;
    out.push(
      finding(
        'usage-domain-without-control',
        'info',
        `${cx.label(uuid)} has usage ${domainList(ds)} without the matching control domain; the guest cannot administer ${ds.length === 1 ? 'it' : 'them'} (for example set master keys).`,
        cellsOf(m.apm, maskFrom(ds)),
        [uuid]
      )
    );
  });
  return out;
}

/** §7.1 cdom filter: control domains outside the LPAR's control domain mask never reach the guest. */
export function controlOutsideLpar(cx: AuditContext): Finding[] {
  const out: Finding[] = [];
  const { controlDomains } = cx.layers.masks;
  cx.layers.masks.mdevs.forEach((m, i) => {
    const ds = maskIds(maskUpTo(maskAndNot(m.adm, controlDomains), cx.host.maxDomain));
    if (!ds.length) return;
    const uuid = cx.host.mdevs[i].uuid;
    out.push(
      finding(
        'control-domain-outside-lpar',
        'warning',
        `${cx.label(uuid)} has control ${domainList(ds)} outside the LPAR's control domain mask (ap_control_domain_mask); the guest does not get ${ds.length === 1 ? 'it' : 'them'}.`,
        [],
        [uuid]
      )
    );
  });
  return out;
}

/** Queues given to vfio_ap that no mdev uses: capacity taken from the host for nothing. */
export function idleFreedQueues(cx: AuditContext): Finding[] {
  const { host, binding, mdevOwner } = cx.layers;
  const cells: number[] = [];
  for (let cell = 0; cell < 65536; cell++)
    if (host[cell] === 0 && binding[cell] === BIND_VFIO_AP && mdevOwner[cell] === 0) cells.push(cell);
  if (!cells.length) return [];
  const verb = cells.length === 1 ? 'is' : 'are';
  return [
    finding(
      'freed-queue-idle',
      'info',
      `${plural(cells.length, 'queue')} (${apqnList(cells)}) ${verb} freed for guests and bound to vfio_ap, but no mdev uses ${cells.length === 1 ? 'it' : 'them'}; the host's drivers cannot use ${cells.length === 1 ? 'it' : 'them'} either.`,
      cells,
      []
    )
  ];
}
