/**
 * The grid layers of one host, one typed-array entry per cell (cellIndex:
 * adapter-major, so a cell's index is also its pixel index in a 256 x 256
 * image with adapters as rows). Pure: no DOM.
 *
 * LPAR availability, host ownership (§2.2), mdev owner (first holder in
 * creation order), guest matrix (§7.1, as read), and conflicts: a queue in two
 * mdevs, or an mdev queue the host owns (§2.1 in-use check, E1 allows it).
 */
import { AP_IDS, QUEUE_CELLS, maskHas } from '../../../shared/ap';
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

function cardDown(ix: HostIndex, a: number): boolean {
  const c = ix.cards.get(a);
  if (!c) return false;
  return !c.config || c.chkstop || c.online === false;
}

export function computeLayers(ix: HostIndex): Layers {
  const lpar = new Uint8Array(QUEUE_CELLS);
  const host = new Uint8Array(QUEUE_CELLS);
  const owner = new Uint16Array(QUEUE_CELLS);
  const guest = new Uint16Array(QUEUE_CELLS);
  const conflict = new Uint8Array(QUEUE_CELLS);
  const usedAdapters = new Uint8Array(AP_IDS);
  const usedDomains = new Uint8Array(AP_IDS);

  const aIds: number[] = [];
  const uIds: number[] = [];
  for (let i = 0; i < AP_IDS; i++) {
    if (maskHas(ix.lparAdapters, i)) (aIds.push(i), (usedAdapters[i] = 1));
    if (maskHas(ix.lparUsage, i)) (uIds.push(i), (usedDomains[i] = 1));
    if (maskHas(ix.lparControl, i)) usedDomains[i] = 1;
  }
  for (const a of aIds) {
    const v = cardDown(ix, a) ? LPAR_DOWN : LPAR_USAGE;
    for (const d of uIds) lpar[a * AP_IDS + d] = v;
  }
  // §2.2 host owns apmask x aqmask (also for ids that do not exist)
  for (let a = 0; a < AP_IDS; a++) {
    if (!maskHas(ix.apmask, a)) continue;
    const row = a * AP_IDS;
    for (let d = 0; d < AP_IDS; d++) if (maskHas(ix.aqmask, d)) host[row + d] = 1;
  }
  for (const m of ix.mdevs) {
    const tag = m.index + 1;
    const as: number[] = [];
    const ds: number[] = [];
    for (let i = 0; i < AP_IDS; i++) {
      if (maskHas(m.apm, i)) (as.push(i), (usedAdapters[i] = 1));
      if (maskHas(m.aqm, i)) (ds.push(i), (usedDomains[i] = 1));
      if (maskHas(m.adm, i)) usedDomains[i] = 1;
    }
    for (const a of as) {
      const row = a * AP_IDS;
      for (const d of ds) {
        const c = row + d;
        if (owner[c] === 0) owner[c] = tag;
        else conflict[c] = 1;
        if (host[c]) conflict[c] = 1;
      }
    }
    const gA = m.guestApm ?? m.apm;
    const gD = m.guestAqm ?? m.aqm;
    for (let a = 0; a < AP_IDS; a++) {
      if (!maskHas(gA, a)) continue;
      const row = a * AP_IDS;
      for (let d = 0; d < AP_IDS; d++) if (maskHas(gD, d)) guest[row + d] = tag;
    }
  }
  return { lpar, host, owner, guest, conflict, usedAdapters, usedDomains, mdevCount: ix.mdevs.length };
}
