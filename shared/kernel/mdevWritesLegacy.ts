/**
 * Writes to the mdev attributes in E1 (5.15, static vfio_ap; §6.4): EBUSY while a
 * guest is attached, the bound-queue rule (EADDRNOTAVAIL), re-validation on
 * re-assign, sharing check without a log line, no ap_config.
 */
import { KernelError, Mask, maskAndNot, maskClear, maskHas, maskIds, maskIsEmpty, maskSet, maskUpTo, formatApqn } from '../ap';
import { boundToVfio, cardExists, productsOverlap } from './state';
import { parseIdWithin } from './validate';
import type { KernelState, MdevState } from './types';

export function writeMdevAttrLegacy(s: KernelState, m: MdevState, name: string, data: string, path: string): void {
  if (m.attached) {
    // §6.4: every assign/unassign fails with EBUSY first, before parsing, while a guest runs
    throw new KernelError(
      'EBUSY',
      path,
      data,
      `mdev ${m.uuid} is in use by a running guest; 5.15 kernels refuse every change until it stops (§6.4)`
    );
  }
  switch (name) {
    case 'assign_adapter':
      return assignAdapter(s, m, parseIdWithin(data, path, s.maxAdapter, 'adapter'), data, path);
    case 'assign_domain':
      return assignDomain(s, m, parseIdWithin(data, path, s.maxDomain, 'domain'), data, path);
    case 'unassign_adapter':
      return maskClear(m.apm, parseIdWithin(data, path, s.maxAdapter, 'adapter')); // §6.4 unassign always succeeds
    case 'unassign_domain':
      return maskClear(m.aqm, parseIdWithin(data, path, s.maxDomain, 'domain'));
    case 'assign_control_domain':
      return maskSet(m.adm, parseIdWithin(data, path, s.maxDomain, 'control domain')); // §6.4 range check only
    case 'unassign_control_domain':
      return maskClear(m.adm, parseIdWithin(data, path, s.maxDomain, 'control domain'));
  }
  throw new KernelError('EACCES', path, data, `${name} is not writable`);
}

/** §6.4: the usage domains (up to max) of adapter a whose queues are bound to vfio_ap. */
function adapterHasBoundQueue(s: KernelState, a: number): boolean {
  if (!cardExists(s, a) || !s.vfioLoaded) return false;
  let candidates: Mask = maskUpTo(s.usageDomains, s.maxDomain);
  if (maskHas(s.apmask, a)) candidates = maskAndNot(candidates, s.aqmask);
  for (const d of maskIds(candidates)) if (boundToVfio(s, a, d)) return true;
  return false;
}

function assignAdapter(s: KernelState, m: MdevState, a: number, data: string, path: string): void {
  if (maskIsEmpty(m.aqm)) {
    // §6.4: with no domains, at least one queue a.* must be bound to vfio_ap
    if (!adapterHasBoundQueue(s, a)) {
      throw new KernelError('EADDRNOTAVAIL', path, data, `adapter ${a} has no queue bound to vfio_ap (§6.4)`);
    }
  } else {
    // §6.4: every (a, d) for the assigned domains must be a queue bound to vfio_ap
    const missing = maskIds(m.aqm).find((d) => !boundToVfio(s, a, d));
    if (missing !== undefined) {
      const q = formatApqn(a, missing);
      throw new KernelError('EADDRNOTAVAIL', path, data, `queue ${q} is not bound to vfio_ap (§6.4)`);
    }
  }
  maskSet(m.apm, a);
  checkSharingLegacy(s, m, path, data, () => maskClear(m.apm, a));
}

function assignDomain(s: KernelState, m: MdevState, d: number, data: string, path: string): void {
  if (maskIsEmpty(m.apm)) {
    // §6.4 symmetric: at least one queue *.d bound to vfio_ap
    const any = maskIds(maskUpTo(s.adapters, s.maxAdapter)).some((a) => boundToVfio(s, a, d));
    if (!any) throw new KernelError('EADDRNOTAVAIL', path, data, `domain ${d} has no queue bound to vfio_ap (§6.4)`);
  } else {
    const missing = maskIds(m.apm).find((a) => !boundToVfio(s, a, d));
    if (missing !== undefined) {
      throw new KernelError('EADDRNOTAVAIL', path, data, `queue ${formatApqn(missing, d)} is not bound to vfio_ap (§6.4)`);
    }
  }
  maskSet(m.aqm, d);
  checkSharingLegacy(s, m, path, data, () => maskClear(m.aqm, d));
}

/** §6.4: EADDRINUSE after setting the bit; the bit is removed again (even if it was set before), nothing logged. */
function checkSharingLegacy(s: KernelState, m: MdevState, path: string, data: string, undo: () => void): void {
  for (const other of s.mdevs) {
    if (other !== m && productsOverlap(m.apm, m.aqm, other)) {
      undo();
      throw new KernelError('EADDRINUSE', path, data, `the matrix would share a queue with mdev ${other.uuid} (§6.4)`);
    }
  }
}
