/**
 * The "after reboot" layer of the main grid: the host as its next boot brings
 * it up (shared/persist nextBootHost, the same computation the audit, the CLI
 * and the simulator use), indexed and layered like the planned state
 * (planSlice: indexHost + computeLayers), plus the cells a reboot changes.
 *
 * Cached per host object (a new HostState is a new host version), so pointer-
 * rate work (hover, repaint on scroll) never runs the boot again. The next
 * boot itself comes from rebootPicture's cache: one boot per host version.
 */
import type { HostState } from '../../../shared/host/hostState';
import { QUEUE_CELLS } from '../../../shared/ap';
import { rebootPicture } from '../panels/rebootPicture';
import { indexHost, type HostIndex } from './hostIndex';
import { computeLayers, type Layers } from './layers';

export interface RebootLayer {
  /** the after-reboot host, indexed (hover card, axis labels) */
  index: HostIndex;
  /**
   * its layers, with mdev numbers in the "now" host's order (an mdev keeps
   * its grid colour across the reboot; definitions not active now come after)
   */
  layers: Layers;
  /**
   * 1 where the owner (nobody, the host, which mdev) changes at reboot; guests
   * are stopped by a reboot, so their matrices are not compared
   */
  changed: Uint8Array;
  changedCount: number;
}

interface Entry {
  names: Record<string, string>;
  value: RebootLayer | null;
}

const cache = new WeakMap<HostState, Entry>();
/** one object for "no names", so a call without names hits the cache */
const NO_NAMES: Record<string, string> = {};

/** Owner of a cell in words that compare across two hosts: '' nobody, 'h' the host, else the mdev uuid. */
function ownerKey(ix: HostIndex, l: Layers, c: number): string {
  const m = l.owner[c];
  if (m) return ix.mdevs[m - 1].info.uuid;
  return l.host[c] && l.lpar[c] ? 'h' : '';
}

/** Renumbers the after-reboot mdevs into the now host's order (uuid -> now index + 1; new ones appended). */
function renumber(now: HostIndex, after: HostIndex, l: Layers): Layers {
  const order = new Map(now.mdevs.map((m, i) => [m.info.uuid, i + 1]));
  for (const m of after.mdevs) if (!order.has(m.info.uuid)) order.set(m.info.uuid, order.size + 1);
  const map = new Uint16Array(after.mdevs.length + 1);
  after.mdevs.forEach((m, i) => (map[i + 1] = order.get(m.info.uuid)!));
  const owner = new Uint16Array(QUEUE_CELLS);
  const guest = new Uint16Array(QUEUE_CELLS);
  for (let c = 0; c < QUEUE_CELLS; c++) {
    owner[c] = map[l.owner[c]];
    guest[c] = map[l.guest[c]];
  }
  return { ...l, owner, guest, mdevCount: order.size };
}

/**
 * The after-reboot layer of `now` (its index `nowIndex`, its layers
 * `nowLayers`); null when the host's persistent state was not read.
 */
export function rebootLayer(
  nowIndex: HostIndex | null,
  nowLayers: Layers | null,
  names: Record<string, string> = NO_NAMES
): RebootLayer | null {
  if (!nowIndex || !nowLayers) return null;
  const host = nowIndex.host;
  const hit = cache.get(host);
  if (hit && hit.names === names) return hit.value;
  const after = host.persist ? (rebootPicture(host)?.after ?? null) : null;
  let value: RebootLayer | null = null;
  if (after) {
    const index = indexHost(after, names);
    const own = computeLayers(index);
    const changed = new Uint8Array(QUEUE_CELLS);
    let changedCount = 0;
    for (let c = 0; c < QUEUE_CELLS; c++) {
      if (!nowLayers.lpar[c] && !own.lpar[c] && !nowLayers.owner[c] && !own.owner[c]) continue;
      if (ownerKey(nowIndex, nowLayers, c) !== ownerKey(index, own, c)) {
        changed[c] = 1;
        changedCount++;
      }
    }
    value = { index, layers: renumber(nowIndex, index, own), changed, changedCount };
  }
  cache.set(host, { names, value });
  return value;
}
