/**
 * The planner's per-call owner bookkeeping, made cheap enough for a drag preview
 * on every pointer move (bench/planPreview.bench.ts):
 *
 *  - what depends only on the snapshot (its matrix model and owner map) is built
 *    once per HostState object: a snapshot is never mutated (the planner only
 *    reads ctx.host), so a WeakMap keyed by the object is safe;
 *  - the "after" owner map is the "before" one with only the lines that changed
 *    recomputed: cell (a, d) is owned per §2.2 (apmask[a] and aqmask[d]) and
 *    §6.2 (apm[a] and aqm[d]), so its owner can change only when bit a of some
 *    adapter mask or bit d of some domain mask changed.
 *
 * The results are the ones full ownerMap() calls give; where the shortcut's
 * premise does not hold (an mdev removed or reordered) it falls back to them.
 */
import { type Mask, maskHas, maskIds } from '../ap/mask';
import type { HostState } from '../host/hostState';
import { modelFromHost, ownerMap, OWNER_HOST, type MatrixModel, type OwnerMap } from './matrixModel';

export interface HostBefore {
  /** the snapshot's model: read only, clone it (cloneModel) before applying operations */
  model: MatrixModel;
  owners: OwnerMap;
}

const beforeCache = new WeakMap<HostState, HostBefore>();

export function hostBefore(host: HostState): HostBefore {
  let b = beforeCache.get(host);
  if (b) return b;
  const model = modelFromHost(host);
  b = { model, owners: ownerMap(model) };
  beforeCache.set(host, b);
  return b;
}

export interface OwnerDelta {
  after: OwnerMap;
  /** every cell whose owner or claim count may differ from before, ascending */
  cells: number[];
}

/** The after map and the cells that may differ, or null when only a full comparison is exact. */
export function ownerDelta(before: MatrixModel, b: OwnerMap, after: MatrixModel): OwnerDelta | null {
  // mdev i has owner code 2+i: the shortcut needs the old mdevs at the same places
  if (after.mdevs.length < before.mdevs.length) return null;
  for (let i = 0; i < before.mdevs.length; i++) if (after.mdevs[i].uuid !== before.mdevs[i].uuid) return null;

  const rows = new Uint8Array(256);
  const cols = new Uint8Array(256);
  markChanged(rows, before.apmask, after.apmask);
  markChanged(cols, before.aqmask, after.aqmask);
  const empty = new Uint8Array(32);
  after.mdevs.forEach((x, i) => {
    const old = before.mdevs[i];
    markChanged(rows, old ? old.apm : empty, x.apm);
    markChanged(cols, old ? old.aqm : empty, x.aqm);
  });

  const owner = b.owner.slice();
  const claims = b.claims.slice();
  const map: OwnerMap = { owner, claims, uuids: after.mdevs.map((x) => x.uuid) };
  const colIds: number[] = [];
  for (let d = 0; d < 256; d++) if (cols[d]) colIds.push(d);
  const cells: number[] = [];
  for (let a = 0; a < 256; a++) {
    if (rows[a]) for (let d = 0; d < 256; d++) cells.push((a << 8) | d);
    else for (const d of colIds) cells.push((a << 8) | d);
  }
  if (!cells.length) return { after: map, cells };

  // recompute the changed cells exactly as ownerMap does: host first, then mdevs in creation order
  const byAdapter: number[][] = [];
  for (let a = 0; a < 256; a++) byAdapter.push([]);
  after.mdevs.forEach((x, i) => {
    for (const a of maskIds(x.apm)) byAdapter[a].push(i);
  });
  const hostD = after.aqmask;
  for (let a = 0; a < 256; a++) {
    if (!rows[a] && !colIds.length) continue;
    const base = a << 8;
    const host = maskHas(after.apmask, a);
    const ds = rows[a] ? ALL_IDS : colIds;
    for (const d of ds) {
      const on = host && maskHas(hostD, d);
      owner[base + d] = on ? OWNER_HOST : 0;
      claims[base + d] = on ? 1 : 0;
    }
    for (const i of byAdapter[a]) {
      const aqm = after.mdevs[i].aqm;
      for (const d of ds) {
        if (!maskHas(aqm, d)) continue;
        const c = base + d;
        // the first mdev in creation order holds a shared cell (§6.2 step 3)
        if (owner[c] < 2) owner[c] = 2 + i;
        claims[c]++;
      }
    }
  }
  return { after: map, cells };
}

const ALL_IDS: readonly number[] = Array.from({ length: 256 }, (_, i) => i);

function markChanged(lines: Uint8Array, was: Mask, now: Mask): void {
  for (let byte = 0; byte < 32; byte++) {
    const diff = was[byte] ^ now[byte];
    if (!diff) continue;
    // bit 0 = MSB of byte 0 (shared/ap/mask)
    for (let bit = 0; bit < 8; bit++) if (diff & (0x80 >> bit)) lines[byte * 8 + bit] = 1;
  }
}
