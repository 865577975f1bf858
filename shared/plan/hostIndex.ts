/**
 * Per-snapshot indexes, built once per HostState object and reused: a snapshot
 * is never mutated, and the UI validates many plans against the same one.
 */
import { QUEUE_CELLS } from '../ap/ids';
import type { HostState } from '../host/hostState';
import { kernelStateFromHost } from '../host/toKernel';
import type { KernelState } from '../kernel/types';
import { modelFromHost, ownerMap, type OwnerMap } from './matrixModel';

export interface HostIndex {
  /** index into host.queues by cell, -1 where there is no queue device */
  queueAt: Int32Array;
  /** the kernel model state the snapshot describes (kernelStateFromHost); clone before use */
  kernel: KernelState;
  /** who owns each cell in the snapshot */
  owners: OwnerMap;
}

const cache = new WeakMap<HostState, HostIndex>();

export function hostIndex(host: HostState): HostIndex {
  let idx = cache.get(host);
  if (idx) return idx;
  const queueAt = new Int32Array(QUEUE_CELLS).fill(-1);
  const queues = host.queues;
  for (let i = 0; i < queues.length; i++) queueAt[(queues[i].adapter << 8) | queues[i].domain] = i;
  idx = { queueAt, kernel: kernelStateFromHost(host), owners: ownerMap(modelFromHost(host)) };
  cache.set(host, idx);
  return idx;
}
