/**
 * Parsed, indexed view of one HostState for the renderer: masks as typed
 * arrays, cards and queues by id, mdevs with their guests. Built once per
 * snapshot; every layer, table and hover card reads from it.
 */
import { Mask, maskHas, parseAbsoluteMask, cellIndex } from '../../../shared/ap';
import type { CardInfo, GuestInfo, HostState, MdevInfo, QueueInfo } from '../../../shared/host/hostState';
import { shortUuids } from './words';

export interface MdevEntry {
  index: number;
  info: MdevInfo;
  apm: Mask;
  aqm: Mask;
  adm: Mask;
  /** null when the host has no guest_matrix file (E1) */
  guestApm: Mask | null;
  guestAqm: Mask | null;
  guest: GuestInfo | null;
  /** short label: guest name, the name the user gave it, or the UUID's distinguishing part */
  label: string;
  /** the UUID's distinguishing part (words.ts shortUuids) */
  short: string;
}

export interface HostIndex {
  host: HostState;
  lparAdapters: Mask;
  lparUsage: Mask;
  lparControl: Mask;
  apmask: Mask;
  aqmask: Mask;
  cards: Map<number, CardInfo>;
  queues: Map<number, QueueInfo>;
  mdevs: MdevEntry[];
  mdevByUuid: Map<string, MdevEntry>;
}

function mask(hex: string | null | undefined): Mask {
  return parseAbsoluteMask(hex ?? '', 'snapshot mask');
}

/** @param names names the user gave mdevs (by UUID), used where no guest names them */
export function indexHost(host: HostState, names: Record<string, string> = {}): HostIndex {
  const shorts = shortUuids(host.mdevs.map((m) => m.uuid));
  const cards = new Map<number, CardInfo>();
  for (const c of host.cards) cards.set(c.id, c);
  const queues = new Map<number, QueueInfo>();
  for (const q of host.queues) queues.set(cellIndex(q.adapter, q.domain), q);
  const guestByMdev = new Map<string, GuestInfo>();
  for (const g of host.guests) if (!guestByMdev.has(g.mdev) || g.running) guestByMdev.set(g.mdev, g);
  const mdevs: MdevEntry[] = host.mdevs.map((info, index) => {
    const guest = guestByMdev.get(info.uuid) ?? null;
    const short = shorts.get(info.uuid) ?? info.uuid.slice(0, 8);
    return {
      index,
      info,
      apm: mask(info.apm),
      aqm: mask(info.aqm),
      adm: mask(info.adm),
      guestApm: info.guestApm === null ? null : mask(info.guestApm),
      guestAqm: info.guestAqm === null ? null : mask(info.guestAqm),
      guest,
      label: guest?.name ?? names[info.uuid] ?? short,
      short
    };
  });
  return {
    host,
    lparAdapters: mask(host.lpar.adapters),
    lparUsage: mask(host.lpar.usageDomains),
    lparControl: mask(host.lpar.controlDomains),
    apmask: mask(host.apmask),
    aqmask: mask(host.aqmask),
    cards,
    queues,
    mdevs,
    mdevByUuid: new Map(mdevs.map((m) => [m.info.uuid, m]))
  };
}

/** §2.2: the host's zcrypt drivers keep (a,d) when both mask bits are set. */
export function hostOwns(ix: HostIndex, a: number, d: number): boolean {
  return maskHas(ix.apmask, a) && maskHas(ix.aqmask, d);
}

/** The mdevs whose matrix (apm x aqm) holds (a,d), in creation order. */
export function mdevsHolding(ix: HostIndex, a: number, d: number): MdevEntry[] {
  return ix.mdevs.filter((m) => maskHas(m.apm, a) && maskHas(m.aqm, d));
}

/** Does the guest of this mdev get (a,d)? E1 has no guest_matrix: the guest sees the matrix (§6.4). */
export function inGuestMatrix(m: MdevEntry, a: number, d: number): boolean {
  if (m.guestApm && m.guestAqm) return maskHas(m.guestApm, a) && maskHas(m.guestAqm, d);
  return maskHas(m.apm, a) && maskHas(m.aqm, d);
}
