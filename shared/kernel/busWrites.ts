/**
 * Writes to the AP bus attributes (§2), the driver bind/unbind files (§4.3) and
 * the mdev type's `create` (§5.3).
 */
import {
  KernelError,
  Mask,
  cellIndex,
  kstrtobool,
  kstrtoul,
  maskAndNot,
  maskEquals,
  maskFromIds,
  maskHas,
  maskIsEmpty,
  parseApqn,
  parseMaskWrite,
  scanInt
} from '../ap';
import { plugQueues, unplugQueues } from './guestFilter';
import { emptyMdev } from './mdevWrites';
import { findMdev, inHostPool, productsOverlap, queueDriver, queueExists } from './state';
import { overlappingApqns } from './validate';
import type { KernelState } from './types';

/** §5.2: MAX_ZDEV_ENTRIES_EXT = 256 x 256 instances. */
export const MAX_MDEV_INSTANCES = 65536;

/** §2.1 apmask / aqmask write: parse, in-use check (E3), store, revise bindings. */
export function writeBusMask(s: KernelState, which: 'apmask' | 'aqmask', data: string, path: string): void {
  const old = s[which];
  const next = parseMaskWrite(data, old, path); // §2.1 step 2 (§1.2 / §1.3), EINVAL on parse error
  if (maskEquals(next, old)) return; // §2.1 step 3
  const reserved = maskAndNot(next, old); // §2.1 step 4: newly set bits go to the host
  const freed = maskAndNot(old, next);
  const [hostA, hostD]: [Mask, Mask] = which === 'apmask' ? [reserved, s.aqmask] : [s.apmask, reserved];
  if (!maskIsEmpty(reserved) && s.era !== 'E1' && s.vfioLoaded) {
    // §2.1 step 4: vfio_ap's in_use looks at the first mdev (list order) overlapping the product
    const holder = s.mdevs.find((m) => productsOverlap(hostA, hostD, m));
    if (holder) {
      const apqns = overlappingApqns(hostA, hostD, holder);
      for (const q of apqns) s.log.push(`vfio_ap_mdev ${holder.uuid}: Can not reserve queue ${q} for host driver: in use by mdev`); // §2.1 6.15+ text
      throw new KernelError(
        'EBUSY',
        path,
        data,
        `queue ${apqns[0]} is assigned to mdev ${holder.uuid}; unassign it before giving it back to the host (§2.1)`
      );
    }
  }
  s[which] = next; // §2.1 step 5
  // §4.2 revise bindings: queues that moved to the host leave vfio_ap (unplug), freed queues bind to vfio_ap (filter)
  if (which === 'apmask') {
    unplugQueues(s, reserved, s.aqmask);
    if (s.vfioLoaded) plugQueues(s, freed, s.aqmask);
  } else {
    unplugQueues(s, s.apmask, reserved);
    if (s.vfioLoaded) plugQueues(s, s.apmask, freed);
  }
}

/** §2 ap_domain: `%i`, 0..max and set in aqmask, else EINVAL. */
export function writeApDomain(s: KernelState, data: string, path: string): void {
  const d = scanInt(data, true);
  if (d === null || d < 0 || d > s.maxDomain || !maskHas(s.aqmask, d)) {
    throw new KernelError(
      'EINVAL',
      path,
      data,
      `the default domain must be a number from 0 to ${s.maxDomain} whose aqmask bit is set (§2)`
    );
  }
  s.apDomain = d;
}

/** §2 config_time: `%d` in 5..120. */
export function writeConfigTime(s: KernelState, data: string, path: string): void {
  const n = scanInt(data);
  if (n === null || n < 5 || n > 120) throw new KernelError('EINVAL', path, data, 'config_time must be 5 to 120 seconds (§2)');
  s.configTime = n;
}

/** §2 poll_thread: kstrtobool (§1.4); the model's host uses interrupts (ap_interrupts 1), so enabling is a no-op. */
export function writePollThread(s: KernelState, data: string, path: string): void {
  const on = kstrtobool(data, path);
  if (!on) s.pollThread = false;
}

/** §2 poll_timeout: kstrtoul base 0, at most 120 000 000 000 ns. */
export function writePollTimeout(s: KernelState, data: string, path: string): void {
  const v = kstrtoul(data, path);
  if (v > 120_000_000_000n) throw new KernelError('EINVAL', path, data, 'poll_timeout must be at most 120000000000 ns (§2)');
  s.pollTimeout = Number(v);
}

/** Bytes of a (UTF-8) string, as write(2) counts them. */
export function byteLength(data: string): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const UUID_TEXT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** §5.3 create: length 36/37, UUID text, EEXIST, EUSERS (E1: EPERM). Returns the new uuid. */
export function writeCreate(s: KernelState, data: string, path: string): string {
  const len = byteLength(data);
  if (len !== 36 && len !== 37) throw new KernelError('EINVAL', path, data, `a UUID write must be 36 or 37 bytes, got ${len} (§5.3)`);
  const text = data.slice(0, 36); // §5.3 the 37th byte is not checked
  if (!UUID_TEXT.test(text)) throw new KernelError('EINVAL', path, data, `${JSON.stringify(text)} is not UUID text (§5.3)`);
  const uuid = text.toLowerCase();
  if (findMdev(s, uuid)) throw new KernelError('EEXIST', path, data, `an mdev ${uuid} already exists (§5.3)`);
  if (s.mdevs.length >= MAX_MDEV_INSTANCES) {
    throw new KernelError(s.era === 'E1' ? 'EPERM' : 'EUSERS', path, data, 'no mdev instances left (§5.3)');
  }
  s.mdevs.push(emptyMdev(uuid));
  return uuid;
}

export type ApDriverName = 'cex4card' | 'cex4queue' | 'vfio_ap';

/** sysfs_streq: the device name, ignoring one trailing newline. */
function deviceName(data: string): string {
  return data.endsWith('\n') ? data.slice(0, -1) : data;
}

/** §4.3 bind: device must exist and match (ENODEV), be unbound (EBUSY), and pass probe (ENODEV). */
export function writeDriverBind(s: KernelState, driver: ApDriverName, data: string, path: string): void {
  const q = parseApqn(deviceName(data));
  if (!q || driver === 'cex4card' || !/^[0-9a-f]{2}\.[0-9a-f]{4}$/.test(deviceName(data)) || !queueExists(s, q.adapter, q.domain)) {
    if (driver === 'cex4card' && /^card[0-9a-f]{2}$/.test(deviceName(data))) {
      throw new KernelError('EBUSY', path, data, `${deviceName(data)} is already bound to cex4card (§4.3)`);
    }
    throw new KernelError('ENODEV', path, data, `no device ${deviceName(data)} that ${driver} can drive (§4.3)`);
  }
  const { adapter: a, domain: d } = q;
  if (queueDriver(s, a, d) !== null) throw new KernelError('EBUSY', path, data, `${deviceName(data)} is already bound (§4.3)`);
  if (inHostPool(s, a, d) !== (driver === 'cex4queue')) {
    throw new KernelError(
      'ENODEV',
      path,
      data,
      `${driver} refuses ${deviceName(data)}: it is in the ${inHostPool(s, a, d) ? 'host' : 'alternate'} pool (§4.1)`
    );
  }
  s.unbound = s.unbound.filter((c) => c !== cellIndex(a, d));
  if (driver === 'vfio_ap') plugQueues(s, maskFromIds([a]), maskFromIds([d])); // §7.2 binding filters
}

/** §4.3 unbind: must be bound to this driver (ENODEV); a vfio_ap unbind unplugs the whole adapter (§7.4). */
export function writeDriverUnbind(s: KernelState, driver: ApDriverName, data: string, path: string): void {
  const name = deviceName(data);
  const q = parseApqn(name);
  if (driver === 'cex4card' && /^card[0-9a-f]{2}$/.test(name)) {
    throw new KernelError('EPERM', path, data, 'the model does not unbind cards from cex4card');
  }
  if (
    !q ||
    !/^[0-9a-f]{2}\.[0-9a-f]{4}$/.test(name) ||
    !queueExists(s, q.adapter, q.domain) ||
    queueDriver(s, q.adapter, q.domain) !== driver
  ) {
    throw new KernelError('ENODEV', path, data, `${name} is not bound to ${driver} (§4.3)`);
  }
  s.unbound = [...s.unbound, cellIndex(q.adapter, q.domain)];
  if (driver === 'vfio_ap') unplugQueues(s, maskFromIds([q.adapter]), maskFromIds([q.domain])); // §7.4
}
