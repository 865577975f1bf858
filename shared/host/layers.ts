/**
 * The per-cell layers of a host (docs/architecture.md: LPAR, host, mdev, guest levels),
 * each a typed array of 65,536 cells, index = adapter * 256 + domain. Computed
 * from masks row by row; no per-cell object anywhere.
 */
import { Mask, emptyMask, fullMask, maskIds } from '../ap';
import type { HostState } from './hostState';
import { isBad, parseMaskText } from './parseValues';

export const CELLS = 65536;

/** LPAR availability of a cell (§2, §3). */
export const LPAR_NOT_IN = 0; // adapter or usage domain not in the LPAR configuration
export const LPAR_CONFIGURED = 1; // in the LPAR, card configured
export const LPAR_DECONFIGURED = 2; // in the LPAR, card deconfigured (config 0) or checkstopped
export const LPAR_ABOVE_MAX = 3; // adapter or domain above ap_max_*_id
export const LPAR_NO_DEVICE = 4; // in the LPAR but no card device (type older than CEX4, §3)

/** Binding of a cell's queue device (§4, §9.8). */
export const BIND_NO_DEVICE = 0;
export const BIND_CEX4QUEUE = 1;
export const BIND_VFIO_AP = 2;
export const BIND_UNBOUND = 3; // the queue device exists but no driver has it
export const BIND_OTHER = 4;

export interface MdevMasks {
  apm: Mask;
  aqm: Mask;
  adm: Mask;
  /** guest_matrix (E3) or the assigned matrix (E1: the guest gets it unfiltered, §6.4) */
  guestApm: Mask;
  guestAqm: Mask;
}

export interface HostMasks {
  apmask: Mask;
  aqmask: Mask;
  adapters: Mask;
  usageDomains: Mask;
  controlDomains: Mask;
  mdevs: MdevMasks[];
}

export interface Layers {
  lpar: Uint8Array;
  /** 1 = host pool (apmask bit AND aqmask bit, §2.2), 0 = vfio_ap pool */
  host: Uint8Array;
  /** 0 none, i + 1 = host.mdevs[i], the first mdev in list order that claims the cell */
  mdevOwner: Uint16Array;
  /** how many mdevs claim the cell when two or more (a conflict), else 0 */
  conflict: Uint8Array;
  /** 0 none, i + 1 = the cell is in host.mdevs[i]'s guest matrix */
  guestOwner: Uint16Array;
  binding: Uint8Array;
  /** the masks the layers were computed from, parsed once */
  masks: HostMasks;
}

function mask(hex: string | null | undefined, fallback: () => Mask): Mask {
  if (typeof hex !== 'string') return fallback();
  const m = parseMaskText(hex);
  return isBad(m) ? fallback() : m;
}

export function hostMasks(h: HostState): HostMasks {
  const e1 = h.era === 'E1';
  return {
    apmask: mask(h.apmask, fullMask),
    aqmask: mask(h.aqmask, fullMask),
    adapters: mask(h.lpar.adapters, emptyMask),
    usageDomains: mask(h.lpar.usageDomains, emptyMask),
    controlDomains: mask(h.lpar.controlDomains, emptyMask),
    mdevs: h.mdevs.map((m) => {
      const apm = mask(m.apm, emptyMask);
      const aqm = mask(m.aqm, emptyMask);
      return {
        apm,
        aqm,
        adm: mask(m.adm, emptyMask),
        guestApm: e1 ? apm : mask(m.guestApm, emptyMask),
        guestAqm: e1 ? aqm : mask(m.guestAqm, emptyMask)
      };
    })
  };
}

const has = (m: Mask, id: number) => (m[id >>> 3] & (0x80 >>> (id & 7))) !== 0;

/** Puts v into every still-empty cell of ids(apm) x ids(aqm) (the first claimant keeps a cell). */
function fillProduct(layer: Uint16Array, apm: Mask, aqm: Mask, v: number): void {
  const ds = maskIds(aqm);
  for (const a of maskIds(apm)) {
    const row = a << 8;
    for (const d of ds) if (layer[row | d] === 0) layer[row | d] = v;
  }
}

export function computeLayers(h: HostState): Layers {
  const masks = hostMasks(h);
  const lpar = new Uint8Array(CELLS);
  const host = new Uint8Array(CELLS);
  const mdevOwner = new Uint16Array(CELLS);
  const conflict = new Uint8Array(CELLS);
  const guestOwner = new Uint16Array(CELLS);
  const binding = new Uint8Array(CELLS);

  // LPAR: per-adapter and per-domain state, then one pass over the grid
  const cardState = new Uint8Array(256).fill(LPAR_NO_DEVICE);
  for (const c of h.cards) cardState[c.id] = c.config && !c.chkstop ? LPAR_CONFIGURED : LPAR_DECONFIGURED;
  const domainIn = new Uint8Array(256);
  for (let d = 0; d < 256; d++) domainIn[d] = d > h.maxDomain ? 2 : has(masks.usageDomains, d) ? 1 : 0;
  const hostDomain = new Uint8Array(256);
  for (let d = 0; d < 256; d++) hostDomain[d] = has(masks.aqmask, d) ? 1 : 0;
  for (let a = 0; a < 256; a++) {
    const row = a << 8;
    const aAbove = a > h.maxAdapter;
    const aIn = has(masks.adapters, a);
    const aState = cardState[a];
    const aHost = has(masks.apmask, a);
    for (let d = 0; d < 256; d++) {
      const dIn = domainIn[d];
      lpar[row | d] = aAbove || dIn === 2 ? LPAR_ABOVE_MAX : aIn && dIn === 1 ? aState : LPAR_NOT_IN;
      host[row | d] = aHost && hostDomain[d] ? 1 : 0;
    }
  }

  // mdevs: owner = first claimant (list order); conflict = claimants when two or more
  const claims = new Uint8Array(CELLS);
  masks.mdevs.forEach((m, i) => {
    const ds = maskIds(m.aqm);
    for (const a of maskIds(m.apm)) {
      const row = a << 8;
      for (const d of ds) {
        const cell = row | d;
        if (claims[cell] < 255) claims[cell]++;
        if (mdevOwner[cell] === 0) mdevOwner[cell] = i + 1;
      }
    }
    fillProduct(guestOwner, m.guestApm, m.guestAqm, i + 1);
  });
  for (let c = 0; c < CELLS; c++) if (claims[c] > 1) conflict[c] = claims[c];

  for (const q of h.queues) {
    const cell = (q.adapter << 8) | q.domain;
    binding[cell] =
      q.driver === 'cex4queue' ? BIND_CEX4QUEUE : q.driver === 'vfio_ap' ? BIND_VFIO_AP : q.driver === null ? BIND_UNBOUND : BIND_OTHER;
  }
  return { lpar, host, mdevOwner, conflict, guestOwner, binding, masks };
}
