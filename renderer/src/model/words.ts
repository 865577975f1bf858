/** Small helpers that make counts and ids read as English. */
import { hex2, hex4 } from '../../../shared/ap';

/** "1 queue", "3 queues"; `many` for irregular plurals */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** APQN as the admin tools write it: 05.0047 */
export function cellName(cell: number): string {
  return `${hex2(cell >> 8)}.${hex4(cell & 255)}`;
}

/**
 * Short forms of UUIDs that tell them apart: the first 8 hex digits when they
 * differ, else the first 8 plus the last distinguishing group ("1b2670ad…0001").
 */
export function shortUuids(uuids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const byHead = new Map<string, string[]>();
  for (const u of uuids) byHead.set(u.slice(0, 8), [...(byHead.get(u.slice(0, 8)) ?? []), u]);
  for (const [head, group] of byHead) {
    if (group.length === 1) {
      out.set(group[0], head);
      continue;
    }
    const plain = group.map((u) => u.replace(/-/g, ''));
    // the shortest tail that differs across the group
    let k = 4;
    while (k < 32 && new Set(plain.map((p) => p.slice(-k))).size < group.length) k += 2;
    group.forEach((u, i) => out.set(u, `${head}…${plain[i].slice(-k)}`));
  }
  return out;
}
