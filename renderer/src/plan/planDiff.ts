/** Per-cell difference between the read host's layers and the planned ones. */
import { QUEUE_CELLS } from '../../../shared/ap';
import type { Layers } from '../model/layers';

export const DIFF_NONE = 0;
export const DIFF_GAINED = 1;
export const DIFF_LOST = 2;
export const DIFF_MOVED = 3;

/** Owner of a cell: 0 = free pool, -1 = host, k = mdev tag. Compared by mdev UUID via the tags' uuids. */
export function diffLayers(before: Layers, after: Layers, beforeUuids?: string[], afterUuids?: string[]): Uint8Array {
  const out = new Uint8Array(QUEUE_CELLS);
  for (let c = 0; c < QUEUE_CELLS; c++) {
    const b = before.host[c] ? -1 : before.owner[c];
    const a = after.host[c] ? -1 : after.owner[c];
    if (a === b && (!beforeUuids || !afterUuids || a <= 0 || beforeUuids[a - 1] === afterUuids[a - 1])) continue;
    if (b === 0) out[c] = DIFF_GAINED;
    else if (a === 0) out[c] = DIFF_LOST;
    else out[c] = DIFF_MOVED;
  }
  return out;
}
