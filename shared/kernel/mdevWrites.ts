/**
 * Writes to the mdev attributes in E3 (6.10+; §6.2, §7): the six assign and
 * unassign files, `ap_config` and `remove`. E1 lives in mdevWritesLegacy.ts.
 */
import {
  KernelError,
  Mask,
  emptyMask,
  kstrtoul,
  maskAnd,
  maskClear,
  maskCopy,
  maskEquals,
  maskHas,
  maskMax,
  maskSet,
  parseAbsoluteMask
} from '../ap';
import { recomputeShadow, recomputeShadowControl } from './guestFilter';
import { writeMdevAttrLegacy } from './mdevWritesLegacy';
import { checkNotShared, checkOutsideHostPool, parseIdWithin } from './validate';
import type { KernelState, MdevState } from './types';

export const MDEV_WRITE_FILES = [
  'assign_adapter',
  'unassign_adapter',
  'assign_domain',
  'unassign_domain',
  'assign_control_domain',
  'unassign_control_domain'
] as const;

/** Dispatches a write to one mdev attribute by era. */
export function writeMdevAttr(s: KernelState, m: MdevState, name: string, data: string, path: string): void {
  if (name === 'remove') return removeMdev(s, m, data, path);
  if (s.era === 'E1') return writeMdevAttrLegacy(s, m, name, data, path);
  switch (name) {
    case 'assign_adapter':
      return assign(s, m, 'apm', data, path);
    case 'assign_domain':
      return assign(s, m, 'aqm', data, path);
    case 'unassign_adapter':
      return unassign(s, m, 'apm', data, path);
    case 'unassign_domain':
      return unassign(s, m, 'aqm', data, path);
    case 'assign_control_domain': {
      const d = parseIdWithin(data, path, s.maxDomain, 'control domain'); // §6.2 range only
      if (maskHas(m.adm, d)) return; // §6.2 already assigned: silent success
      maskSet(m.adm, d);
      recomputeShadowControl(s, m); // §6.2 shadow.adm = matrix.adm ∩ host ADM
      return;
    }
    case 'unassign_control_domain': {
      const d = parseIdWithin(data, path, s.maxDomain, 'control domain');
      maskClear(m.adm, d); // §6.2 clear, and from shadow.adm (§7.3)
      maskClear(m.shadow.adm, d);
      return;
    }
    case 'ap_config':
      return writeApConfig(s, m, data, path);
  }
  throw new KernelError('EACCES', path, data, `${name} is not writable`);
}

/** §6.2 assign_adapter / assign_domain (E3). */
function assign(s: KernelState, m: MdevState, which: 'apm' | 'aqm', data: string, path: string): void {
  const max = which === 'apm' ? s.maxAdapter : s.maxDomain;
  const id = parseIdWithin(data, path, max, which === 'apm' ? 'adapter' : 'domain'); // §6.2 range before shortcut
  if (maskHas(m[which], id)) return; // §6.2 already assigned: no validation
  const next = maskCopy(m[which]);
  maskSet(next, id); // §6.2 step 1 tentative
  const apm = which === 'apm' ? next : m.apm;
  const aqm = which === 'aqm' ? next : m.aqm;
  checkOutsideHostPool(s, apm, aqm, path, data); // §6.2 step 2 (whole matrix)
  checkNotShared(s, m, apm, aqm, path, data, true); // §6.2 step 3
  m[which] = next;
  recomputeShadow(s, m); // §6.2 step 5, §7.2 full filter
}

/** §6.2 unassign_adapter / unassign_domain: no re-filter (§7.3 quirk). */
function unassign(s: KernelState, m: MdevState, which: 'apm' | 'aqm', data: string, path: string): void {
  const max = which === 'apm' ? s.maxAdapter : s.maxDomain;
  const id = parseIdWithin(data, path, max, which === 'apm' ? 'adapter' : 'domain');
  if (!maskHas(m[which], id)) return; // §6.2 not assigned: silent success
  maskClear(m[which], id);
  maskClear(m.shadow[which], id); // §7.3 incremental removal only
}

/** §6.2 ap_config: three absolute masks replace the matrix at once, all or nothing. */
function writeApConfig(s: KernelState, m: MdevState, data: string, path: string): void {
  const text = data.slice(0, 201); // §6.2 step 1: truncated to 201 bytes
  const tokens = splitApConfig(text);
  if (!tokens) {
    throw new KernelError(
      'EINVAL',
      path,
      data,
      'ap_config needs three masks (adapters,domains,control domains) separated by , or newline (§6.2)'
    );
  }
  const [apm, aqm, adm] = tokens.map((t) => parseAbsoluteMask(t, path)) as [Mask, Mask, Mask]; // §1.2 per token
  checkOutsideHostPool(s, apm, aqm, path, data); // §6.2 4(a)
  checkNotShared(s, m, apm, aqm, path, data, true); // §6.2 4(b)
  const above =
    maskMax(apm) > s.maxAdapter ? 'adapter' : maskMax(aqm) > s.maxDomain ? 'domain' : maskMax(adm) > s.maxDomain ? 'control domain' : null;
  if (above) throw new KernelError('ENODEV', path, data, `a ${above} bit is above the maximum id (§6.2 4(c))`);
  if (maskEquals(apm, m.apm) && maskEquals(aqm, m.aqm) && maskEquals(adm, m.adm)) return; // §6.2 7 no-op
  m.apm = apm;
  m.aqm = aqm;
  m.adm = adm;
  m.shadow.apm = maskAnd(m.shadow.apm, apm); // §6.2 5.1 hot-unplug removed ids
  m.shadow.aqm = maskAnd(m.shadow.aqm, aqm);
  recomputeShadow(s, m); // §6.2 5.3 re-filter matrix and control domains
}

/**
 * strsep(",\n") three times (§6.2 step 2): null when the string runs out before
 * the third token; tokens after the third are ignored.
 */
export function splitApConfig(text: string): [string, string, string] | null {
  const tokens: string[] = [];
  let rest: string | null = text;
  for (let i = 0; i < 3; i++) {
    if (rest === null) return null;
    const at: number = rest.search(/[,\n]/);
    if (at < 0) {
      tokens.push(rest);
      rest = null;
    } else {
      tokens.push(rest.slice(0, at));
      rest = rest.slice(at + 1);
    }
  }
  return tokens as [string, string, string];
}

/** §5.4 remove: kstrtoul; 0 does nothing; otherwise the mdev disappears. */
function removeMdev(s: KernelState, m: MdevState, data: string, path: string): void {
  const v = kstrtoul(data, path); // §5.4 parse error → EINVAL
  if (v === 0n) return;
  if (m.attached) {
    // §5.4: E1/E3 block until the guest releases the device; the model refuses with EBUSY instead.
    throw new KernelError('EBUSY', path, data, `mdev ${m.uuid} is in use by a running guest; stop the guest first (§5.4)`);
  }
  s.mdevs = s.mdevs.filter((x) => x !== m); // queues stay bound to vfio_ap, now unassigned
}

export function emptyMdev(uuid: string): MdevState {
  return {
    uuid: uuid.toLowerCase(),
    apm: emptyMask(),
    aqm: emptyMask(),
    adm: emptyMask(),
    shadow: { apm: emptyMask(), aqm: emptyMask(), adm: emptyMask() },
    attached: false
  };
}
