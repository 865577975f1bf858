/**
 * The two (apm x aqm) rules every E3 assignment obeys (§6.2): no APQN in the
 * host pool (EADDRNOTAVAIL) and no APQN of another mdev (EADDRINUSE, with the
 * kernel log lines of §9.3). Mask arithmetic only.
 */
import { KernelError, Mask, formatApqn, kstrtoulNumber, maskAnd, maskIds } from '../ap';
import { productHostReserved, productsOverlap } from './state';
import type { KernelState, MdevState } from './types';

/** §1.1 + §6.2: parse an id with kstrtoul(buf, 0) and range-check it against max (ENODEV). */
export function parseIdWithin(data: string, path: string, max: number, what: string): number {
  const n = kstrtoulNumber(data, path); // §1.1 EINVAL / ERANGE
  if (n > max) {
    throw new KernelError(
      'ENODEV',
      path,
      data,
      `${what} ${n} (0x${n.toString(16)}) is above the maximum ${max} (0x${max.toString(16)}) (§6.2)`
    );
  }
  return n;
}

/** The first APQN of apm x aqm that the host pool reserves, as `05.0004`. */
export function firstHostReserved(s: KernelState, apm: Mask, aqm: Mask): string {
  const a = maskIds(maskAnd(apm, s.apmask))[0];
  const d = maskIds(maskAnd(aqm, s.aqmask))[0];
  return formatApqn(a, d);
}

/** The APQNs shared by apm x aqm and the matrix of `other`, in matrix order. */
export function overlappingApqns(apm: Mask, aqm: Mask, other: MdevState): string[] {
  const out: string[] = [];
  const ds = maskIds(maskAnd(aqm, other.aqm));
  for (const a of maskIds(maskAnd(apm, other.apm))) for (const d of ds) out.push(formatApqn(a, d));
  return out;
}

/** The first other mdev (creation order) whose matrix overlaps apm x aqm. */
export function firstOverlappingMdev(s: KernelState, self: MdevState | null, apm: Mask, aqm: Mask): MdevState | undefined {
  for (const other of s.mdevs) if (other !== self && productsOverlap(apm, aqm, other)) return other;
  return undefined;
}

/** §6.2 step 2: EADDRNOTAVAIL when the new matrix holds a host-reserved APQN. */
export function checkOutsideHostPool(s: KernelState, apm: Mask, aqm: Mask, path: string, data: string): void {
  if (productHostReserved(s, apm, aqm)) {
    const apqn = firstHostReserved(s, apm, aqm);
    throw new KernelError(
      'EADDRNOTAVAIL',
      path,
      data,
      `queue ${apqn} would be in the matrix but is reserved for the host by apmask/aqmask (§2.2, §6.2)`
    );
  }
}

/** §6.2 step 3 / §9.3: EADDRINUSE when the new matrix overlaps another mdev; logs each APQN (6.15+ text). */
export function checkNotShared(s: KernelState, self: MdevState, apm: Mask, aqm: Mask, path: string, data: string, log: boolean): void {
  const holder = firstOverlappingMdev(s, self, apm, aqm);
  if (!holder) return;
  const apqns = overlappingApqns(apm, aqm, holder);
  if (log) {
    for (const q of apqns) {
      s.log.push(`vfio_ap_mdev ${self.uuid}: Userspace may not assign queue ${q} to mdev: already assigned to ${holder.uuid}`);
    }
  }
  throw new KernelError('EADDRINUSE', path, data, `queue ${apqns[0]} is already assigned to mdev ${holder.uuid} (§6.2, §9.2)`);
}
