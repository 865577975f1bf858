/**
 * What the next boot changes for one queue, in one line for the hover card:
 * its owner (the host, the free pool, which mdev) and its driver after the
 * reboot, when either differs from now; null when the reboot leaves both.
 */
import { hostOwns, mdevsHolding, type HostIndex } from './hostIndex';

function ownerWords(ix: HostIndex, a: number, d: number): string {
  const holders = mdevsHolding(ix, a, d);
  const host = hostOwns(ix, a, d);
  const mdevs = holders.map((m) => `mdev ${m.label === m.short ? m.info.uuid : `${m.label} (${m.short})`}`).join(' and ');
  if (host) return mdevs ? `the host, and ${mdevs} (conflict)` : 'the host (zcrypt drivers)';
  return mdevs || 'nobody (vfio_ap pool, free)';
}

export function rebootLine(now: HostIndex, after: HostIndex, a: number, d: number): string | null {
  const cell = a * 256 + d;
  const ownerNow = ownerWords(now, a, d);
  const ownerAfter = ownerWords(after, a, d);
  const driverNow = now.queues.get(cell)?.driver ?? 'none';
  const driverAfter = after.queues.get(cell)?.driver ?? 'none';
  const parts: string[] = [];
  if (ownerAfter !== ownerNow) parts.push(`owner ${ownerAfter} instead of ${ownerNow}`);
  if (driverAfter !== driverNow) parts.push(`driver ${driverAfter} instead of ${driverNow}`);
  return parts.length ? parts.join('; ') + '.' : null;
}
