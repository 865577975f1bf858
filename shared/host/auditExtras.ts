/**
 * Audit rules on the files beside sysfs: mdevctl definitions against each
 * other and against the active mdevs (docs/host-tools.md §3.3: ap-check only checks
 * auto definitions at define time), and libvirt guests against the mdevs.
 * Skipped when the directory could not be read (unknown is not "none").
 */
import type { Finding } from '../api/contract';
import { Mask, maskAnd, maskAndNot, maskEquals, maskIds, maskIsEmpty, maskOr } from '../ap';
import type { AuditContext } from './auditMatrix';
import { adapterList, apqnList, cellsOf, domainList, finding, joinAnd } from './auditText';
import { definitionMasks, type DefinitionMasks } from './parseExtras';

function defLabel(uuid: string, cx: AuditContext): string {
  const names = cx.guests.get(uuid);
  return `the mdevctl definition of ${uuid}${names?.length ? ` (${joinAnd(names)})` : ''}`;
}

function describeDiff(active: Mask, defined: Mask, list: (ids: number[]) => string): string | null {
  if (maskEquals(active, defined)) return null;
  const extra = maskIds(maskAndNot(active, defined));
  const missing = maskIds(maskAndNot(defined, active));
  const parts: string[] = [];
  if (extra.length) parts.push(`${list(extra)} active but not defined`);
  if (missing.length) parts.push(`${list(missing)} defined but not active`);
  return parts.join(', ');
}

/** cells of (apm x aqm) symmetric difference between two matrices */
function productDiff(a: { apm: Mask; aqm: Mask }, b: { apm: Mask; aqm: Mask }): number[] {
  const inA = new Set(cellsOf(a.apm, a.aqm));
  const inB = new Set(cellsOf(b.apm, b.aqm));
  const out: number[] = [];
  for (const c of inA) if (!inB.has(c)) out.push(c);
  for (const c of inB) if (!inA.has(c)) out.push(c);
  return out;
}

export function mdevctlFindings(cx: AuditContext): Finding[] {
  const h = cx.host;
  if (!h.readable?.mdevctl) return [];
  const out: Finding[] = [];
  const defs: Array<{ uuid: string; start: string; m: DefinitionMasks }> = h.mdevctl.map((d) => ({
    uuid: d.uuid,
    start: d.start,
    m: definitionMasks(d.attrs)
  }));

  for (const d of defs) {
    if (d.m.problems.length || d.m.outOfRange.length) {
      const what = [...d.m.problems, ...d.m.outOfRange.map((x) => `${x} does not fit in 0-255`)];
      out.push(
        finding('mdevctl-invalid', 'warning', `${defLabel(d.uuid, cx)} cannot be applied as written: ${what.join('; ')}.`, [], [d.uuid])
      );
    }
    const as = maskIds(d.m.apm).filter((a) => a > h.maxAdapter);
    const ds = maskIds(maskOr(d.m.aqm, d.m.adm)).filter((x) => x > h.maxDomain);
    if (as.length || ds.length) {
      const parts = [as.length ? adapterList(as) : '', ds.length ? domainList(ds) : ''].filter(Boolean).join(' and ');
      out.push(
        finding(
          'id-above-max',
          'warning',
          `${defLabel(d.uuid, cx)} assigns ${parts}, above this machine's maximum; starting it fails with ENODEV.`,
          [],
          [d.uuid]
        )
      );
    }
  }

  for (let i = 0; i < defs.length; i++) {
    for (let j = i + 1; j < defs.length; j++) {
      const apm = maskAnd(defs[i].m.apm, defs[j].m.apm);
      const aqm = maskAnd(defs[i].m.aqm, defs[j].m.aqm);
      if (maskIsEmpty(apm) || maskIsEmpty(aqm)) continue;
      const cells = cellsOf(apm, aqm);
      out.push(
        finding(
          'mdevctl-overlap',
          'warning',
          `The mdevctl definitions of ${defs[i].uuid} and ${defs[j].uuid} both assign ${apqnList(cells)}; only one of them can start (EADDRINUSE).`,
          cells,
          [defs[i].uuid, defs[j].uuid]
        )
      );
    }
  }

  const active = new Map(h.mdevs.map((m, i) => [m.uuid, cx.layers.masks.mdevs[i]]));
  for (const d of defs) {
    const m = active.get(d.uuid);
    if (!m) {
      const sev = d.start === 'auto' ? 'warning' : 'info';
      const note = d.start === 'auto' ? 'it starts automatically, so it should be running' : 'it starts manually';
      out.push(
        finding(
          'mdevctl-not-active',
          sev,
          `${defLabel(d.uuid, cx)} is defined but the mdev is not active (${note}); ${apqnList(cellsOf(d.m.apm, d.m.aqm)) || 'no queues'} would come back when it starts.`,
          cellsOf(d.m.apm, d.m.aqm),
          [d.uuid]
        )
      );
      continue;
    }
    const diffs = [
      describeDiff(m.apm, d.m.apm, (ids) => adapterList(ids)),
      describeDiff(m.aqm, d.m.aqm, (ids) => domainList(ids)),
      describeDiff(m.adm, d.m.adm, (ids) => domainList(ids, 'control domain'))
    ].filter((x): x is string => x !== null);
    if (!diffs.length) continue;
    out.push(
      finding(
        'mdevctl-differs',
        'warning',
        `The active ${cx.label(d.uuid)} differs from its mdevctl definition: ${diffs.join('; ')}. A restart would apply the definition.`,
        productDiff(m, d.m),
        [d.uuid]
      )
    );
  }
  return out;
}

export function libvirtFindings(cx: AuditContext): Finding[] {
  const h = cx.host;
  if (!h.readable?.libvirt) return [];
  const out: Finding[] = [];
  const used = new Set(h.guests.map((g) => g.mdev));
  h.mdevs.forEach((m, i) => {
    if (used.has(m.uuid)) return;
    const mm = cx.layers.masks.mdevs[i];
    const cells = cellsOf(mm.apm, mm.aqm);
    const held = cells.length ? `it holds ${apqnList(cells)} for nobody` : 'it holds no queues';
    out.push(finding('mdev-no-guest', 'info', `${cx.label(m.uuid)} is not referenced by any libvirt guest; ${held}.`, cells, [m.uuid]));
  });
  const exists = new Set(h.mdevs.map((m) => m.uuid));
  for (const g of h.guests) {
    if (exists.has(g.mdev)) continue;
    out.push(
      finding(
        'guest-mdev-missing',
        'warning',
        `Guest ${g.name} uses mdev ${g.mdev}, which does not exist; ${g.running ? 'it runs without its crypto queues' : 'starting it will fail'}.`,
        [],
        [g.mdev]
      )
    );
  }
  return out;
}
