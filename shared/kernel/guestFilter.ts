/**
 * The shadow APCB (= guest_matrix) of an mdev: the full filter of §7.1, the
 * incremental removals of §7.3 and the unplugs of §7.4. E3 only; in E1 the
 * guest gets the unfiltered matrix (§6.4) and the shadow is not used.
 */
import {
  Mask,
  cellAdapter,
  cellDomain,
  maskAnd,
  maskClear,
  maskEquals,
  maskHas,
  maskIds,
  maskIntersects,
  maskIsEmpty,
  maskMax
} from '../ap';
import { cardExists } from './state';
import type { KernelState, MdevState } from './types';

/**
 * §7.1: are all queues (a, d) for d in `domains` bound to vfio_ap? Decided with
 * masks: a missing card, vfio_ap not loaded, a host-pool row or a manually
 * unbound queue of the adapter drops it.
 */
export function adapterFullyBound(s: KernelState, a: number, domains: Mask): boolean {
  if (maskIsEmpty(domains)) return true; // §7.1 adapters without domains are kept
  if (!cardExists(s, a) || !s.vfioLoaded) return false;
  if (maskMax(domains) > s.maxDomain) return false; // no queue device above the maximum
  if (maskHas(s.apmask, a) && maskIntersects(domains, s.aqmask)) return false; // §4.1 host pool → cex4queue
  for (const cell of s.unbound) if (cellAdapter(cell) === a && maskHas(domains, cellDomain(cell))) return false; // §4.3
  return true;
}

/** §7.1 full filter of matrix and control domains. Returns true when shadow apm/aqm changed. */
export function recomputeShadow(s: KernelState, m: MdevState): boolean {
  const apm = maskAnd(m.apm, s.adapters); // §7.1 shadow.apm = matrix.apm ∩ H.apm
  const aqm = maskAnd(m.aqm, s.usageDomains); // §7.1 shadow.aqm = matrix.aqm ∩ H.aqm
  for (const a of maskIds(apm)) if (!adapterFullyBound(s, a, aqm)) maskClear(apm, a); // §7.1 whole adapter dropped
  const changed = !maskEquals(apm, m.shadow.apm) || !maskEquals(aqm, m.shadow.aqm);
  m.shadow.apm = apm;
  m.shadow.aqm = aqm;
  recomputeShadowControl(s, m);
  return changed;
}

/** §7.1 "cdom filter": shadow.adm = matrix.adm ∩ H.adm. Returns true when it changed. */
export function recomputeShadowControl(s: KernelState, m: MdevState): boolean {
  const adm = maskAnd(m.adm, s.controlDomains);
  const changed = !maskEquals(adm, m.shadow.adm);
  m.shadow.adm = adm;
  return changed;
}

/**
 * §4.2 / §7.4: queues in adapters x domains left vfio_ap. Every mdev whose
 * shadow holds one of them loses the whole adapter from its shadow (no re-filter).
 */
export function unplugQueues(s: KernelState, adapters: Mask, domains: Mask): void {
  if (s.era === 'E1') return;
  for (const m of s.mdevs) {
    if (!maskIntersects(m.shadow.aqm, domains)) continue;
    for (const a of maskIds(maskAnd(m.shadow.apm, adapters))) maskClear(m.shadow.apm, a);
  }
}

/** §7.2: queues in adapters x domains bound to vfio_ap; mdevs that have them assigned re-filter. */
export function plugQueues(s: KernelState, adapters: Mask, domains: Mask): void {
  if (s.era === 'E1') return;
  for (const m of s.mdevs) {
    if (maskIntersects(m.apm, adapters) && maskIntersects(m.aqm, domains)) recomputeShadow(s, m);
  }
}

/** Re-filter every mdev (end of a scan that changed the host configuration, §7.2). */
export function recomputeAllShadows(s: KernelState): void {
  if (s.era === 'E1') return;
  for (const m of s.mdevs) recomputeShadow(s, m);
}
