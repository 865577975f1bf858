/**
 * Per-snapshot indexes, built once per HostState object and reused: a snapshot
 * is never mutated, and the UI validates many plans against the same one.
 */
import { QUEUE_CELLS } from '../ap/ids';
import type { HostState } from '../host/hostState';
import { modelFromHost, ownerMap, type OwnerMap } from './matrixModel';

export interface HostIndex {
  /** index into host.queues by cell, -1 where there is no queue device */
  queueAt: Int32Array;
  /** queues with no driver where §9.8 expects one: manually unbound (§4.3) */
  unbound: number[];
  /** host queues that are soft-offline */
  offline: number[];
  /** who owns each cell in the snapshot */
  owners: OwnerMap;
}

const cache = new WeakMap<HostState, HostIndex>();

export function hostIndex(host: HostState): HostIndex {
  let idx = cache.get(host);
  if (idx) return idx;
  const model = modelFromHost(host);
  const { apmask, aqmask } = model;
  const queueAt = new Int32Array(QUEUE_CELLS).fill(-1);
  const unbound: number[] = [];
  const offline: number[] = [];
  const queues = host.queues;
  // hot loop over up to 65,536 queues: bit tests inlined (bit 0 = MSB of byte 0)
  for (let i = 0; i < queues.length; i++) {
    const q = queues[i];
    const a = q.adapter;
    const d = q.domain;
    const cell = (a << 8) | d;
    queueAt[cell] = i;
    const hostPool = (apmask[a >>> 3] & (0x80 >>> (a & 7))) !== 0 && (aqmask[d >>> 3] & (0x80 >>> (d & 7))) !== 0;
    const expected = hostPool ? 'cex4queue' : host.vfioLoaded ? 'vfio_ap' : null;
    if (q.driver === null && expected !== null) unbound.push(cell);
    if (q.driver === 'cex4queue' && q.online === false) offline.push(cell);
  }
  idx = { queueAt, unbound, offline, owners: ownerMap(model) };
  cache.set(host, idx);
  return idx;
}
