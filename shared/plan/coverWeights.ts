/**
 * Weights for freeing host queues: what an adapter or domain bit costs the host
 * when it is cleared from apmask/aqmask. The cost of a line is the weighted count
 * of the OTHER host queues on it (the cells being freed anyway do not count).
 *
 * A queue the host's drivers use (bound to cex4queue and online) outweighs any
 * number of idle queues; an existing idle queue outweighs any number of host
 * cells without a queue device (those exist only as mask bits, §2.2). Every
 * vertex also costs 1 at the lowest order, so among equal losses the cover with
 * fewer mask bits wins.
 *
 * The cover objective is the SUM of line weights: a queue on a freed adapter AND
 * a freed domain counts twice. That is exact for covers on one side only and an
 * upper bound otherwise; it is what makes the problem a vertex cover (König).
 */
import { QUEUE_CELLS, cellIndex } from '../ap/ids';
import { Mask, maskHas } from '../ap/mask';
import type { HostState } from '../host/hostState';
import { minimumWeightCover, type Cover } from './cover';

/** weight of one host cell by what sits there */
export const CELL_WEIGHT = { noDevice: 1, idle: 1 << 8, inUse: 1 << 16 } as const;
/** multiplier that leaves room for the per-vertex tie-break of 1 (at most 512 vertices) */
const TIE_SCALE = 1024;

const cellWeightCache = new WeakMap<HostState, Uint32Array>();

/** Per-cell weight of a queue for the host, from the queue devices of the snapshot. */
export function hostCellWeights(host: HostState): Uint32Array {
  let w = cellWeightCache.get(host);
  if (w) return w;
  w = new Uint32Array(QUEUE_CELLS).fill(CELL_WEIGHT.noDevice);
  for (const q of host.queues) {
    const used = q.driver === 'cex4queue' && q.online === true;
    w[cellIndex(q.adapter, q.domain)] = used ? CELL_WEIGHT.inUse : CELL_WEIGHT.idle;
  }
  cellWeightCache.set(host, w);
  return w;
}

/**
 * The cheapest adapters and domains to clear from the host masks so that every
 * cell is freed. Cells that are not host-owned (apmask x aqmask) are ignored.
 */
export function hostFreeingCover(host: HostState, apmask: Mask, aqmask: Mask, cells: Iterable<number>): Cover {
  const weights = hostCellWeights(host);
  const toFree = new Uint8Array(QUEUE_CELLS);
  const edges: number[] = [];
  for (const c of cells) {
    if (toFree[c]) continue;
    if (maskHas(apmask, c >>> 8) && maskHas(aqmask, c & 0xff)) {
      toFree[c] = 1;
      edges.push(c);
    }
  }
  const adapterWeight = (a: number): number => {
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = a * 256 + d;
      if (maskHas(aqmask, d) && !toFree[c]) sum += weights[c];
    }
    return sum * TIE_SCALE + 1;
  };
  const domainWeight = (d: number): number => {
    let sum = 0;
    for (let a = 0; a < 256; a++) {
      const c = a * 256 + d;
      if (maskHas(apmask, a) && !toFree[c]) sum += weights[c];
    }
    return sum * TIE_SCALE + 1;
  };
  return minimumWeightCover(edges, memo(adapterWeight), memo(domainWeight));
}

function memo(f: (id: number) => number): (id: number) => number {
  const cache = new Map<number, number>();
  return (id) => {
    let v = cache.get(id);
    if (v === undefined) {
      v = f(id);
      cache.set(id, v);
    }
    return v;
  };
}
