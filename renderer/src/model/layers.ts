/**
 * The grid layers of one host as the renderer draws them, one typed-array entry per cell (cellIndex:
 * adapter-major, so a cell's index is also its pixel index in a 256 x 256
 * image with adapters as rows). Pure: no DOM.
 *
 * LPAR availability, host ownership (§2.2), mdev owner (first holder in
 * creation order), guest matrix (§7.1, as read), and conflicts: a queue in two
 * mdevs, or an mdev queue the host owns (§2.1 in-use check, E1 allows it).
 */
import { AP_IDS, QUEUE_CELLS, maskHas } from '../../../shared/ap';
import { LPAR_CONFIGURED, LPAR_DECONFIGURED, LPAR_NO_DEVICE, computeLayers as sharedLayers } from '../../../shared/host/layers';
import type { HostIndex } from './hostIndex';

export const LPAR_NONE = 0;
export const LPAR_USAGE = 1;
/** configured, but the card is offline, deconfigured or check-stopped */
export const LPAR_DOWN = 2;

export interface Layers {
  lpar: Uint8Array;
  host: Uint8Array;
  /** mdev index + 1 of the first mdev holding the queue, 0 = none */
  owner: Uint16Array;
  /** mdev index + 1 whose guest really gets the queue, 0 = none */
  guest: Uint16Array;
  /** 1 = conflict (two mdevs, or mdev and host) */
  conflict: Uint8Array;
  /** ids somebody uses: configured in the LPAR or assigned to an mdev */
  usedAdapters: Uint8Array;
  usedDomains: Uint8Array;
  mdevCount: number;
}

function cardOffline(ix: HostIndex, a: number): boolean {
  const c = ix.cards.get(a);
  return !!c && c.online === false;
}

/**
 * From shared/host's layers (the one definition of LPAR, host, mdev and guest
 * levels) to the renderer's: three LPAR states (offline cards and cards without
 * a device count as down), conflicts that include mdev queues the host owns,
 * and the ids somebody uses (for compact mode).
 */
export function computeLayers(ix: HostIndex): Layers {
  const s = sharedLayers(ix.host);
  const lpar = new Uint8Array(QUEUE_CELLS);
  const conflict = new Uint8Array(QUEUE_CELLS);
  const usedAdapters = new Uint8Array(AP_IDS);
  const usedDomains = new Uint8Array(AP_IDS);
  const down = new Uint8Array(AP_IDS);
  for (let a = 0; a < AP_IDS; a++) down[a] = cardOffline(ix, a) ? 1 : 0;
  for (let c = 0; c < QUEUE_CELLS; c++) {
    const v = s.lpar[c];
    lpar[c] =
      v === LPAR_CONFIGURED
        ? down[c >> 8]
          ? LPAR_DOWN
          : LPAR_USAGE
        : v === LPAR_DECONFIGURED || v === LPAR_NO_DEVICE
          ? LPAR_DOWN
          : LPAR_NONE;
    // §9.2 two mdevs, or §2.1 an mdev queue the host keeps (E1 allows it)
    if (s.conflict[c] || (s.mdevOwner[c] && s.host[c])) conflict[c] = 1;
  }
  const m = s.masks;
  for (let i = 0; i < AP_IDS; i++) {
    if (maskHas(m.adapters, i)) usedAdapters[i] = 1;
    if (maskHas(m.usageDomains, i) || maskHas(m.controlDomains, i)) usedDomains[i] = 1;
    for (const md of m.mdevs) {
      if (maskHas(md.apm, i)) usedAdapters[i] = 1;
      if (maskHas(md.aqm, i) || maskHas(md.adm, i)) usedDomains[i] = 1;
    }
  }
  return { lpar, host: s.host, owner: s.mdevOwner, guest: s.guestOwner, conflict, usedAdapters, usedDomains, mdevCount: ix.mdevs.length };
}
