/**
 * Sets of queues (APQNs) as 65,536-bit typed arrays, indexed adapter-major
 * (cellIndex). The cartesian product of an adapter mask and a domain mask is the
 * core operation: an mdev's queues, the host's queues (apmask x aqmask).
 */
import { AP_IDS, QUEUE_CELLS, cellIndex } from './ids';
import { Mask, maskHas, maskIds } from './mask';

export type QueueSet = Uint8Array; // QUEUE_CELLS / 8 bytes, bit = cell

export const QUEUE_SET_BYTES = QUEUE_CELLS / 8;

export function emptyQueueSet(): QueueSet {
  return new Uint8Array(QUEUE_SET_BYTES);
}

export function qsHas(s: QueueSet, cell: number): boolean {
  return (s[cell >>> 3] & (1 << (cell & 7))) !== 0;
}

export function qsAdd(s: QueueSet, cell: number): void {
  s[cell >>> 3] |= 1 << (cell & 7);
}

export function qsDelete(s: QueueSet, cell: number): void {
  s[cell >>> 3] &= ~(1 << (cell & 7));
}

export function qsFromCells(cells: Iterable<number>): QueueSet {
  const s = emptyQueueSet();
  for (const c of cells) qsAdd(s, c);
  return s;
}

/** Cells in ascending order (adapter-major: the order of the `matrix` file). */
export function qsCells(s: QueueSet): number[] {
  const out: number[] = [];
  for (let byte = 0; byte < QUEUE_SET_BYTES; byte++) {
    const v = s[byte];
    if (v === 0) continue;
    for (let bit = 0; bit < 8; bit++) if (v & (1 << bit)) out.push(byte * 8 + bit);
  }
  return out;
}

export function qsCount(s: QueueSet): number {
  let n = 0;
  for (let i = 0; i < QUEUE_SET_BYTES; i++) {
    let v = s[i];
    while (v) {
      v &= v - 1;
      n++;
    }
  }
  return n;
}

export function qsIsEmpty(s: QueueSet): boolean {
  for (let i = 0; i < QUEUE_SET_BYTES; i++) if (s[i] !== 0) return false;
  return true;
}

export function qsUnion(a: QueueSet, b: QueueSet): QueueSet {
  const out = new Uint8Array(a);
  for (let i = 0; i < QUEUE_SET_BYTES; i++) out[i] |= b[i];
  return out;
}

export function qsIntersect(a: QueueSet, b: QueueSet): QueueSet {
  const out = new Uint8Array(a);
  for (let i = 0; i < QUEUE_SET_BYTES; i++) out[i] &= b[i];
  return out;
}

/** a minus b */
export function qsMinus(a: QueueSet, b: QueueSet): QueueSet {
  const out = new Uint8Array(a);
  for (let i = 0; i < QUEUE_SET_BYTES; i++) out[i] &= ~b[i];
  return out;
}

export function qsEquals(a: QueueSet, b: QueueSet): boolean {
  for (let i = 0; i < QUEUE_SET_BYTES; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * adapters x domains. Each adapter's row of 256 domains is 32 bytes; the domain
 * mask is converted once to the set's bit order and copied per adapter.
 */
export function cartesian(adapters: Mask, domains: Mask): QueueSet {
  const out = emptyQueueSet();
  const row = new Uint8Array(32);
  for (let d = 0; d < AP_IDS; d++) if (maskHas(domains, d)) row[d >>> 3] |= 1 << (d & 7);
  for (const a of maskIds(adapters)) out.set(row, a * 32);
  return out;
}

/** Does adapters x domains share a queue with the set? */
export function cartesianIntersects(adapters: Mask, domains: Mask, s: QueueSet): boolean {
  const aIds = maskIds(adapters);
  const dIds = maskIds(domains);
  for (const a of aIds) for (const d of dIds) if (qsHas(s, cellIndex(a, d))) return true;
  return false;
}
