/**
 * Hand-made HostState values for planner tests (no kernel model needed):
 * masks from id lists, queue devices for the LPAR's adapters x usage domains,
 * drivers by pool (§9.8).
 */
import { cellIndex, maskFromIds, maskHas, maskToHex, fullMask } from '../../shared/ap';
import type { Era, KernelState } from '../../shared/kernel/types';
import type { HostState, QueueInfo } from '../../shared/host/hostState';
import fc from 'fast-check';
import { card, finishState, hostState, mdev as kmdev } from '../../shared/kernel/scenarios/build';
import { hostOfKernel } from '../helpers/hostOfKernel';

export interface MdevSpec {
  uuid: string;
  apm: number[];
  aqm: number[];
  adm?: number[];
  attached?: boolean;
  guest?: string;
}

export interface HostSpec {
  era?: Era;
  /** ids in the host masks; undefined = all ones (the default) */
  apmask?: number[];
  aqmask?: number[];
  /** LPAR adapters and usage domains that have queue devices */
  adapters?: number[];
  domains?: number[];
  mdevs?: MdevSpec[];
  /** host queues that are offline (cells) */
  offline?: number[];
  maxAdapter?: number;
  maxDomain?: number;
}

export function makeHost(spec: HostSpec): HostState {
  const apmask = spec.apmask ? maskFromIds(spec.apmask) : fullMask();
  const aqmask = spec.aqmask ? maskFromIds(spec.aqmask) : fullMask();
  const adapters = spec.adapters ?? [];
  const domains = spec.domains ?? [];
  const offline = new Set(spec.offline ?? []);
  const mdevs = spec.mdevs ?? [];
  const queues: QueueInfo[] = [];
  for (const a of adapters) {
    for (const d of domains) {
      const host = maskHas(apmask, a) && maskHas(aqmask, d);
      const holder = mdevs.find((m) => m.apm.includes(a) && m.aqm.includes(d));
      queues.push({
        adapter: a,
        domain: d,
        driver: host ? 'cex4queue' : 'vfio_ap',
        online: host ? !offline.has(cellIndex(a, d)) : null,
        status: host ? null : holder ? (holder.attached ? 'in use' : 'assigned') : 'unassigned',
        config: true,
        chkstop: false,
        requestCount: 0
      });
    }
  }
  return {
    source: 'test:fixture',
    readAt: '2026-01-01T00:00:00Z',
    era: spec.era ?? 'E3',
    busFeatures: [],
    matrixFeatures: [],
    maxAdapter: spec.maxAdapter ?? 255,
    maxDomain: spec.maxDomain ?? 255,
    lpar: {
      adapters: maskToHex(maskFromIds(adapters)),
      usageDomains: maskToHex(maskFromIds(domains)),
      controlDomains: maskToHex(maskFromIds(domains))
    },
    apmask: maskToHex(apmask),
    aqmask: maskToHex(aqmask),
    apDomain: -1,
    vfioLoaded: true,
    cards: [],
    queues,
    mdevs: mdevs.map((m) => ({
      uuid: m.uuid,
      apm: maskToHex(maskFromIds(m.apm)),
      aqm: maskToHex(maskFromIds(m.aqm)),
      adm: maskToHex(maskFromIds(m.adm ?? [])),
      guestApm: null,
      guestAqm: null,
      attached: m.attached ?? false
    })),
    guests: mdevs
      .filter((m) => m.guest)
      .map((m) => ({ name: m.guest!, mdev: m.uuid, running: m.attached ?? false, file: `/etc/libvirt/qemu/${m.guest}.xml` })),
    mdevctl: [],
    warnings: [],
    fingerprint: 'fixture'
  };
}

export const UUID1 = '62177883-f1bb-47f0-914d-32a22e3a8804';
export const UUID2 = 'cef03c3c-903d-4ecc-9a83-40694cb8aee4';
export const UUID3 = '0fe903a0-a323-44db-9daf-134c68627d61';

/**
 * A HostState read straight from a kernel model state (test stand-in for the
 * snapshot reader): masks, mdevs with shadows, one QueueInfo per queue device.
 */
export function hostFromKernel(s: KernelState, guests: Array<{ name: string; mdev: string; running: boolean }> = []): HostState {
  const queues: QueueInfo[] = [];
  const cards = s.cards.filter((c) => maskHas(s.adapters, c.id) && c.rawType >= 10 && c.id <= s.maxAdapter);
  for (const c of cards) {
    for (let d = 0; d <= s.maxDomain; d++) {
      if (!maskHas(s.usageDomains, d)) continue;
      const cell = cellIndex(c.id, d);
      const host = maskHas(s.apmask, c.id) && maskHas(s.aqmask, d);
      const driver = s.unbound.includes(cell) ? null : host ? 'cex4queue' : s.vfioLoaded ? 'vfio_ap' : null;
      const holder = s.mdevs.find((m) => maskHas(m.apm, c.id) && maskHas(m.aqm, d));
      const inShadow = s.era === 'E1' || (!!holder && maskHas(holder.shadow.apm, c.id) && maskHas(holder.shadow.aqm, d));
      queues.push({
        adapter: c.id,
        domain: d,
        driver,
        online: driver === 'cex4queue' ? !s.offlineQueues.includes(cell) : null,
        status: driver === 'vfio_ap' ? (holder ? (holder.attached && inShadow ? 'in use' : 'assigned') : 'unassigned') : null,
        config: c.config,
        chkstop: c.chkstop,
        requestCount: 0
      });
    }
  }
  return hostOfKernel(s, 'test:kernel', {
    readAt: '2026-01-01T00:00:00Z',
    cards: cards.map((c) => ({
      id: c.id,
      hwtype: Math.min(c.rawType, 14),
      rawHwtype: c.rawType,
      type: null,
      mode: 'CCA-Coproc',
      functions: c.functions,
      depth: c.depth,
      config: c.config,
      chkstop: c.chkstop,
      online: c.online,
      driver: 'cex4card',
      requestCount: 0,
      serialnr: null
    })),
    queues,
    mdevs: s.mdevs.map((m) => ({
      uuid: m.uuid,
      apm: maskToHex(m.apm),
      aqm: maskToHex(m.aqm),
      adm: maskToHex(m.adm),
      guestApm: s.era === 'E1' ? null : maskToHex(m.shadow.apm),
      guestAqm: s.era === 'E1' ? null : maskToHex(m.shadow.aqm),
      attached: m.attached
    })),
    guests: guests.map((g) => ({ ...g, file: `/etc/libvirt/qemu/${g.name}.xml` })),
    fingerprint: 'kernel'
  });
}

/** A random small kernel state (ids 0..5), valid or with planted conflicts, either era. */
export const kernelStateArb = (opts: { allowConflicts?: boolean } = {}) =>
  fc
    .record({
      era: fc.constantFrom('E1' as const, 'E3' as const),
      cards: fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 1 }),
      domains: fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 1 }),
      apmask: fc.subarray([0, 1, 2, 3, 4, 5]),
      aqmask: fc.subarray([0, 1, 2, 3, 4, 5]),
      restOn: fc.boolean(),
      maxDomain: fc.constantFrom(4, 255),
      mdevs: fc.array(
        fc.record({
          apm: fc.subarray([0, 1, 2, 3, 4, 5]),
          aqm: fc.subarray([0, 1, 2, 3, 4, 5]),
          adm: fc.subarray([0, 1, 2, 3]),
          attached: fc.boolean()
        }),
        { maxLength: 3 }
      ),
      unbound: fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { maxLength: 2 })
    })
    .map((r) => {
      const s = hostState({
        era: 'E3',
        maxAdapter: 255,
        maxDomain: r.maxDomain,
        cards: r.cards.map((a) => card(a, 11 + (a % 4), a % 2 ? 'accel' : 'cca')),
        usageDomains: r.domains.filter((d) => d <= r.maxDomain)
      });
      const rest = r.restOn ? Array.from({ length: 250 }, (_, i) => i + 6) : [];
      s.apmask = maskFromIds([...r.apmask, ...rest]);
      s.aqmask = maskFromIds([...r.aqmask, ...rest]);
      const unboundCells = r.unbound.map(([a, d]) => cellIndex(a, d));
      const taken = new Set<number>();
      for (const a of [...r.apmask, ...rest]) for (const d of [...r.aqmask, ...rest]) taken.add(cellIndex(a, d));
      r.mdevs.forEach((m, i) => {
        const cells = m.apm.flatMap((a) => m.aqm.map((d) => cellIndex(a, d)));
        if (!opts.allowConflicts && cells.some((c) => taken.has(c))) return;
        // E1 reaches only matrices of bound queues (§6.4): keep such mdevs only
        if (r.era === 'E1' && !opts.allowConflicts) {
          const bound = (cell: number) =>
            r.cards.includes(cell >>> 8) && r.domains.includes(cell & 0xff) && (cell & 0xff) <= r.maxDomain && !unboundCells.includes(cell);
          if (!cells.every(bound) || (m.apm.length === 0) !== (m.aqm.length === 0)) return;
        }
        cells.forEach((c) => taken.add(c));
        s.mdevs.push(
          kmdev(
            [UUID1, UUID2, UUID3][i],
            m.apm,
            m.aqm.filter((d) => d <= r.maxDomain),
            m.adm.filter((d) => d <= r.maxDomain),
            m.attached
          )
        );
      });
      s.unbound = unboundCells;
      finishState(s, r.era);
      return s;
    });

export const GUESTS = [
  { name: 'Guest1', mdev: UUID1, running: false },
  { name: 'Guest2', mdev: UUID2, running: false },
  { name: 'Guest3', mdev: UUID3, running: false }
];
