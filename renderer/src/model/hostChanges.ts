/**
 * What changed on a host between two reads, in sentences: the host masks,
 * mdevs created or removed, each mdev's adapters, domains and control
 * domains, and guests started or stopped. Shown when a re-read or a drift
 * refusal keeps the plan, so the admin sees why verdicts changed.
 */
import { hex2, hex4, maskIds, parseAbsoluteMask } from '../../../shared/ap';
import type { HostState } from '../../../shared/host/hostState';

const ids = (hex: string | null) => new Set(maskIds(parseAbsoluteMask(hex ?? '', 'mask')));

function diffIds(before: string | null, after: string | null, fmt: (n: number) => string): string {
  const b = ids(before);
  const a = ids(after);
  const plus = [...a].filter((i) => !b.has(i)).map((i) => `+${fmt(i)}`);
  const minus = [...b].filter((i) => !a.has(i)).map((i) => `−${fmt(i)}`);
  return [...plus, ...minus].join(' ');
}

export function hostChanges(before: HostState, after: HostState, label: (uuid: string) => string = (u) => u.slice(0, 8)): string[] {
  const out: string[] = [];
  const ap = diffIds(before.apmask, after.apmask, hex2);
  const aq = diffIds(before.aqmask, after.aqmask, hex4);
  if (ap) out.push(`apmask ${ap}`);
  if (aq) out.push(`aqmask ${aq}`);
  const old = new Map(before.mdevs.map((m) => [m.uuid, m]));
  const now = new Map(after.mdevs.map((m) => [m.uuid, m]));
  for (const m of after.mdevs) if (!old.has(m.uuid)) out.push(`mdev ${label(m.uuid)} was created`);
  for (const m of before.mdevs) if (!now.has(m.uuid)) out.push(`mdev ${label(m.uuid)} was removed`);
  for (const m of after.mdevs) {
    const o = old.get(m.uuid);
    if (!o) continue;
    const parts = [
      ['adapters', diffIds(o.apm, m.apm, hex2)],
      ['domains', diffIds(o.aqm, m.aqm, hex4)],
      ['control domains', diffIds(o.adm, m.adm, hex4)]
    ]
      .filter(([, d]) => d)
      .map(([what, d]) => `${what} ${d}`);
    if (parts.length) out.push(`mdev ${label(m.uuid)}: ${parts.join('; ')}`);
  }
  const running = new Map(before.guests.map((g) => [g.name, g.running]));
  for (const g of after.guests) {
    const was = running.get(g.name);
    if (was !== undefined && was !== g.running) out.push(`guest ${g.name} ${g.running ? 'was started' : 'was stopped'}`);
  }
  if (!out.length && before.fingerprint !== after.fingerprint)
    out.push('values outside the masks and mdevs changed (queue states, cards or files)');
  return out;
}
