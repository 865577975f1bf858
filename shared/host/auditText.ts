/**
 * Wording helpers for audit findings: hex APQNs (`05.0047`), id lists, mdev
 * labels with guest names, and the finding constructor.
 */
import type { Finding, Severity } from '../api/contract';
import { Mask, formatApqn, hex2, hex4, maskIds } from '../ap';
import type { HostState } from './hostState';

export function cellsOf(apm: Mask, aqm: Mask): number[] {
  const out: number[] = [];
  const ds = maskIds(aqm);
  for (const a of maskIds(apm)) for (const d of ds) out.push((a << 8) | d);
  return out;
}

export function apqn(cell: number): string {
  return formatApqn(cell >>> 8, cell & 0xff);
}

/** `05.0004, 05.00ab and 3 more`; a cell listed twice is named once */
export function apqnList(cells: number[], max = 6): string {
  const unique = [...new Set(cells)];
  const shown = unique.slice(0, max).map(apqn);
  if (unique.length <= max) return joinAnd(shown);
  return `${shown.join(', ')} and ${unique.length - max} more`;
}

export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function adapterList(ids: number[]): string {
  return `adapter${ids.length === 1 ? '' : 's'} ${joinAnd(ids.map(hex2))}`;
}

export function domainList(ids: number[], what = 'domain'): string {
  return `${what}${ids.length === 1 ? '' : 's'} ${joinAnd(ids.map(hex4))}`;
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Guest names per mdev uuid, from the libvirt files. */
export function guestIndex(h: HostState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of h.guests) {
    const list = out.get(g.mdev) ?? [];
    list.push(g.name);
    out.set(g.mdev, list);
  }
  return out;
}

/** `mdev 62177883-f1bb-47f0-914d-32a22e3a8804 (Guest1)` */
export function mdevLabel(uuid: string, guests: Map<string, string[]>): string {
  const names = guests.get(uuid);
  return names && names.length ? `mdev ${uuid} (${joinAnd(names)})` : `mdev ${uuid}`;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function finding(code: string, severity: Severity, message: string, cells: number[], mdevs: string[]): Finding {
  return { code, severity, message, cells: [...new Set(cells)].sort((a, b) => a - b), mdevs };
}

/** Errors first, then warnings, then infos; within a severity by code, then first cell. */
export function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.cells[0] ?? -1) - (b.cells[0] ?? -1) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
