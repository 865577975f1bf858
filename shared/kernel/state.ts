/**
 * Derived facts about a KernelState: which devices exist, which pool a queue is
 * in, which driver it is bound to, which mdev holds it. Everything is computed
 * with mask arithmetic or per-queue lookups, never by enumerating 65,536 queues.
 */
import { Mask, cellIndex, compatibleType, maskCopy, maskHas, maskIntersects, MIN_VFIO_HWTYPE } from '../ap';
import type { CardState, KernelState, MdevState } from './types';

/** Cheap deep copy: masks are copied, the rest is small. */
export function cloneKernelState(s: KernelState): KernelState {
  return {
    ...s,
    adapters: maskCopy(s.adapters),
    usageDomains: maskCopy(s.usageDomains),
    controlDomains: maskCopy(s.controlDomains),
    cards: s.cards.map((c) => ({ ...c })),
    apmask: maskCopy(s.apmask),
    aqmask: maskCopy(s.aqmask),
    mdevs: s.mdevs.map(cloneMdev),
    offlineQueues: s.offlineQueues.slice(),
    unbound: s.unbound.slice(),
    log: s.log.slice()
  };
}

export function cloneMdev(m: MdevState): MdevState {
  return {
    uuid: m.uuid,
    apm: maskCopy(m.apm),
    aqm: maskCopy(m.aqm),
    adm: maskCopy(m.adm),
    shadow: { apm: maskCopy(m.shadow.apm), aqm: maskCopy(m.shadow.aqm), adm: maskCopy(m.shadow.adm) },
    attached: m.attached
  };
}

const cardIndexCache = new WeakMap<CardState[], { length: number; index: Array<CardState | undefined> }>();

/** The card entry of adapter `a` (kept even when the adapter left the LPAR). */
export function cardEntry(s: KernelState, a: number): CardState | undefined {
  let cached = cardIndexCache.get(s.cards);
  if (!cached || cached.length !== s.cards.length || (cached.index[a] && cached.index[a]!.id !== a)) {
    const index: Array<CardState | undefined> = [];
    for (const c of s.cards) index[c.id] = c;
    cached = { length: s.cards.length, index };
    cardIndexCache.set(s.cards, cached);
  }
  return cached.index[a];
}

/** Does the LPAR have at least one usage domain up to the maximum? */
export function hasUsageDomain(s: KernelState): boolean {
  const last = Math.min(s.maxDomain, 255);
  for (let byte = 0; byte <= last >>> 3; byte++) {
    const keep = byte < last >>> 3 ? 0xff : (0xff00 >>> ((last & 7) + 1)) & 0xff;
    if (s.usageDomains[byte] & keep) return true;
  }
  return false;
}

/**
 * §3: a card device exists for an LPAR adapter up to max that has at least one
 * usage domain (a TAPQ answer) and a type of 10 or more (6.x).
 */
export function cardExists(s: KernelState, a: number): boolean {
  if (a < 0 || a > s.maxAdapter || !maskHas(s.adapters, a) || !hasUsageDomain(s)) return false;
  const c = cardEntry(s, a);
  return c !== undefined && compatibleType(c.rawType) >= MIN_VFIO_HWTYPE;
}

/** §3: a queue device exists for each usage domain (up to max) of an existing card. */
export function queueExists(s: KernelState, a: number, d: number): boolean {
  return cardExists(s, a) && d >= 0 && d <= s.maxDomain && maskHas(s.usageDomains, d);
}

/** §2.2: reserved for the host's default drivers iff apmask bit a and aqmask bit d. */
export function inHostPool(s: KernelState, a: number, d: number): boolean {
  return maskHas(s.apmask, a) && maskHas(s.aqmask, d);
}

/** §2.2 with masks: does apm x aqm contain any host-reserved APQN? */
export function productHostReserved(s: KernelState, apm: Mask, aqm: Mask): boolean {
  return maskIntersects(apm, s.apmask) && maskIntersects(aqm, s.aqmask);
}

export function isManuallyUnbound(s: KernelState, a: number, d: number): boolean {
  return s.unbound.includes(cellIndex(a, d));
}

export type QueueDriver = 'cex4queue' | 'vfio_ap' | null;

/** §9.8: the driver a queue device is bound to (null = unbound). Assumes the queue exists. */
export function queueDriver(s: KernelState, a: number, d: number): QueueDriver {
  if (isManuallyUnbound(s, a, d)) return null; // §4.3 manual unbind sticks
  if (inHostPool(s, a, d)) return 'cex4queue'; // §4.1 devres == drvres
  return s.vfioLoaded ? 'vfio_ap' : null;
}

/** Is (a,d) a queue device bound to vfio_ap? (the set B of §7.1, and E1's bound rule §6.4) */
export function boundToVfio(s: KernelState, a: number, d: number): boolean {
  return queueExists(s, a, d) && queueDriver(s, a, d) === 'vfio_ap';
}

/** The first mdev (creation order) whose assigned matrix holds (a,d). */
export function holderOf(s: KernelState, a: number, d: number): MdevState | undefined {
  return s.mdevs.find((m) => maskHas(m.apm, a) && maskHas(m.aqm, d));
}

export function findMdev(s: KernelState, uuid: string): MdevState | undefined {
  const u = uuid.toLowerCase();
  return s.mdevs.find((m) => m.uuid === u);
}

/** Does apm x aqm overlap the assigned matrix of m? (§6.2 sharing rule, by masks) */
export function productsOverlap(apm: Mask, aqm: Mask, m: MdevState): boolean {
  return maskIntersects(apm, m.apm) && maskIntersects(aqm, m.aqm);
}

/** E3 is the default; E1 is the static 5.15 behaviour. */
export function isLegacy(s: KernelState): boolean {
  return s.era === 'E1';
}
