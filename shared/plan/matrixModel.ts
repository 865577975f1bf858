/**
 * The planner's working picture of a host: the two host masks and every mdev's
 * three masks, with the effect of each operation applied WITHOUT the kernel's
 * checks (the validator replays on the real kernel model for those). Ownership
 * of a cell follows §2.2 (host = apmask x aqmask) and §6.2 (mdev = apm x aqm).
 */
import { QUEUE_CELLS } from '../ap/ids';
import { Mask, emptyMask, maskClear, maskCopy, maskFromIds, maskHas, maskIds, maskSet } from '../ap/mask';
import { parseAbsoluteMask } from '../ap/maskParse';
import type { Era } from '../kernel/types';
import type { HostState } from '../host/hostState';
import type { Operation } from './operations';

export interface MdevMatrix {
  uuid: string;
  apm: Mask;
  aqm: Mask;
  adm: Mask;
}

export interface MatrixModel {
  era: Era;
  maxAdapter: number;
  maxDomain: number;
  apmask: Mask;
  aqmask: Mask;
  /** creation order, as the kernel keeps them */
  mdevs: MdevMatrix[];
}

export function modelFromHost(host: HostState): MatrixModel {
  return {
    era: host.era,
    maxAdapter: host.maxAdapter,
    maxDomain: host.maxDomain,
    apmask: parseAbsoluteMask(host.apmask, 'apmask'),
    aqmask: parseAbsoluteMask(host.aqmask, 'aqmask'),
    mdevs: host.mdevs.map((m) => ({
      uuid: m.uuid,
      apm: parseAbsoluteMask(m.apm, 'apm'),
      aqm: parseAbsoluteMask(m.aqm, 'aqm'),
      adm: parseAbsoluteMask(m.adm, 'adm')
    }))
  };
}

export function cloneModel(m: MatrixModel): MatrixModel {
  return {
    ...m,
    apmask: maskCopy(m.apmask),
    aqmask: maskCopy(m.aqmask),
    mdevs: m.mdevs.map((x) => ({ uuid: x.uuid, apm: maskCopy(x.apm), aqm: maskCopy(x.aqm), adm: maskCopy(x.adm) }))
  };
}

export function findMdev(m: MatrixModel, uuid: string): MdevMatrix | undefined {
  return m.mdevs.find((x) => x.uuid === uuid);
}

/** Applies what an accepted write would do (§1.3 relative masks: sets, then clears, left to right). */
export function applyToModel(m: MatrixModel, op: Operation): void {
  switch (op.kind) {
    case 'apmask':
    case 'aqmask': {
      const mask = op.kind === 'apmask' ? m.apmask : m.aqmask;
      for (const id of op.set) maskSet(mask, id);
      for (const id of op.clear) maskClear(mask, id);
      return;
    }
    case 'create-mdev':
      if (!findMdev(m, op.uuid)) m.mdevs.push({ uuid: op.uuid, apm: emptyMask(), aqm: emptyMask(), adm: emptyMask() });
      return;
    case 'remove-mdev':
      m.mdevs = m.mdevs.filter((x) => x.uuid !== op.uuid);
      return;
    case 'ap-config': {
      const x = findMdev(m, op.uuid);
      if (!x) return;
      x.apm = maskFromIds(op.apm);
      x.aqm = maskFromIds(op.aqm);
      x.adm = maskFromIds(op.adm);
      return;
    }
    default: {
      const x = findMdev(m, op.uuid);
      if (!x) return;
      const mask = op.kind.endsWith('control-domain') ? x.adm : op.kind.endsWith('adapter') ? x.apm : x.aqm;
      if (op.kind.startsWith('assign')) maskSet(mask, op.id);
      else maskClear(mask, op.id);
    }
  }
}

/** Owner codes in an OwnerMap: 0 free (vfio_ap pool, unassigned), 1 host, 2+i mdev i. */
export const OWNER_FREE = 0;
export const OWNER_HOST = 1;

export interface OwnerMap {
  /** one owner code per cell; when several claim a cell: the first mdev, else the host */
  owner: Uint16Array;
  /** how many owners claim each cell (host and mdevs): 2+ is a conflict */
  claims: Uint8Array;
  uuids: string[];
}

export function ownerMap(m: MatrixModel): OwnerMap {
  const owner = new Uint16Array(QUEUE_CELLS);
  const claims = new Uint8Array(QUEUE_CELLS);
  const hostDomains = maskIds(m.aqmask);
  for (const a of maskIds(m.apmask)) {
    const base = a << 8;
    for (const d of hostDomains) {
      owner[base + d] = OWNER_HOST;
      claims[base + d] = 1;
    }
  }
  m.mdevs.forEach((x, i) => {
    const doms = maskIds(x.aqm);
    for (const a of maskIds(x.apm)) {
      const base = a << 8;
      for (const d of doms) {
        // the first mdev in creation order holds a shared cell, as the kernel reports it (§6.2 step 3)
        if (owner[base + d] < 2) owner[base + d] = 2 + i;
        claims[base + d]++;
      }
    }
  });
  return { owner, claims, uuids: m.mdevs.map((x) => x.uuid) };
}

/** 'host', 'free' or the mdev uuid */
export function ownerName(map: OwnerMap, cell: number): string {
  const o = map.owner[cell];
  return o === OWNER_FREE ? 'free' : o === OWNER_HOST ? 'host' : map.uuids[o - 2];
}

/** Every claimant of a cell (host first, then mdevs in creation order). */
export function claimantsOf(m: MatrixModel, cell: number): string[] {
  const a = cell >>> 8;
  const d = cell & 0xff;
  const out: string[] = [];
  if (maskHas(m.apmask, a) && maskHas(m.aqmask, d)) out.push('host');
  for (const x of m.mdevs) if (maskHas(x.apm, a) && maskHas(x.aqm, d)) out.push(x.uuid);
  return out;
}

/**
 * claimantsOf for many cells of one model state (same answers, same order): the
 * mdevs are indexed by adapter once, so a cell looks only at the mdevs holding
 * its adapter. Build it again after the model changes.
 */
export function claimantIndex(m: MatrixModel): (cell: number) => string[] {
  const byAdapter: MdevMatrix[][] = Array.from({ length: 256 }, () => []);
  for (const x of m.mdevs) for (const a of maskIds(x.apm)) byAdapter[a].push(x);
  return (cell) => {
    const a = cell >>> 8;
    const d = cell & 0xff;
    const out: string[] = [];
    if (maskHas(m.apmask, a) && maskHas(m.aqmask, d)) out.push('host');
    for (const x of byAdapter[a]) if (maskHas(x.aqm, d)) out.push(x.uuid);
    return out;
  };
}

export function isHostCell(m: MatrixModel, cell: number): boolean {
  return maskHas(m.apmask, cell >>> 8) && maskHas(m.aqmask, cell & 0xff);
}

export function inMdev(x: MdevMatrix, cell: number): boolean {
  return maskHas(x.apm, cell >>> 8) && maskHas(x.aqm, cell & 0xff);
}
