/**
 * A small picture of one host's matrix for the fleet table: one character
 * per cell, only the adapters and domains the host uses (in the LPAR, with a
 * card, or in an mdev; like the editor's compact view), so a fleet of hosts
 * crosses IPC as a few kilobytes each and a sparse host still shows.
 */
import { maskIds } from '../ap';
import type { HostState } from '../host/hostState';
import { LPAR_ABOVE_MAX, LPAR_CONFIGURED, LPAR_NOT_IN, type Layers } from '../host/layers';

/** Cell codes, in drawing priority. */
export const OVERVIEW_CODES = {
  outside: '.', // not in the LPAR configuration (or above the maxima)
  unusable: 'd', // in the LPAR, card deconfigured, checkstopped or without a device
  host: 'h', // kept by the host's drivers (apmask and aqmask)
  free: 'f', // in the vfio_ap pool, in no mdev
  mdev: 'm', // in an mdev no guest has open
  guest: 'g', // in an mdev a running guest has open
  conflict: 'x' // in two or more mdevs
} as const;

export interface FleetOverview {
  /** rows: the adapter ids shown, ascending */
  adapterIds: number[];
  /** columns: the domain ids shown, ascending */
  domainIds: number[];
  adapters: number;
  domains: number;
  /** adapters x domains characters, row by row (OVERVIEW_CODES) */
  cells: string;
}

const sortedSet = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

export function overviewOf(host: HostState, layers: Layers): FleetOverview {
  const m = layers.masks;
  const usedA = [...maskIds(m.adapters), ...host.cards.map((c) => c.id), ...m.mdevs.flatMap((x) => maskIds(x.apm))];
  const usedD = [...maskIds(m.usageDomains), ...m.mdevs.flatMap((x) => maskIds(x.aqm))];
  const adapterIds = sortedSet(usedA);
  const domainIds = sortedSet(usedD);
  let out = '';
  for (const a of adapterIds) {
    for (const d of domainIds) {
      const c = (a << 8) | d;
      const owner = layers.mdevOwner[c];
      let code: string;
      if (layers.conflict[c]) code = OVERVIEW_CODES.conflict;
      else if (owner) code = host.mdevs[owner - 1]?.attached ? OVERVIEW_CODES.guest : OVERVIEW_CODES.mdev;
      else if (layers.lpar[c] === LPAR_NOT_IN || layers.lpar[c] === LPAR_ABOVE_MAX) code = OVERVIEW_CODES.outside;
      else if (layers.lpar[c] !== LPAR_CONFIGURED) code = OVERVIEW_CODES.unusable;
      else code = layers.host[c] ? OVERVIEW_CODES.host : OVERVIEW_CODES.free;
      out += code;
    }
  }
  return { adapterIds, domainIds, adapters: adapterIds.length, domains: domainIds.length, cells: out };
}
