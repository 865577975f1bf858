/**
 * The files beside sysfs: libvirt domain XML (docs/host-tools.md §5.2) and mdevctl
 * definitions (docs/host-tools.md §3.5, §4). Lenient text parsing, no XML library: only the guest
 * name and the vfio-ap hostdev's mdev UUID matter. Nothing here throws.
 */
import { Mask, emptyMask, isUuid, kstrtoulNumber, maskSet } from '../ap';
import { Bad, parseApConfigText, isBad } from './parseValues';

export interface DomainXmlInfo {
  name: string;
  /** the vfio-ap hostdev's source uuid (lowercase), null when the guest has none */
  mdev: string | null;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:'([^']*)'|"([^"]*)")`).exec(tag);
  return m ? unescapeXml(m[1] ?? m[2]) : null;
}

/**
 * A libvirt domain XML (`/etc/libvirt/qemu/<name>.xml`) or live status
 * (`/run/libvirt/qemu/<name>.xml`, a `<domstatus>` around the `<domain>`).
 */
export function parseDomainXml(text: string): DomainXmlInfo | Bad {
  const domainAt = text.search(/<domain[\s>]/);
  if (domainAt < 0) return { bad: 'no <domain> element' };
  const body = text.slice(domainAt);
  const nameM = /<name>\s*([^<]*?)\s*<\/name>/.exec(body);
  if (!nameM || !nameM[1]) return { bad: 'the <domain> has no <name>' };
  const name = unescapeXml(nameM[1]);
  const hostdevs = body.matchAll(/<hostdev\b([^>]*)>([\s\S]*?)<\/hostdev>/g);
  for (const h of hostdevs) {
    if (attr(h[1], 'model') !== 'vfio-ap') continue;
    const addr = /<address\b([^>]*)\/?>/.exec(h[2]);
    const uuid = addr ? attr(addr[1], 'uuid') : null;
    if (!uuid || !isUuid(uuid.toLowerCase())) return { bad: `the vfio-ap hostdev of ${name} has no valid source address uuid` };
    return { name, mdev: uuid.toLowerCase() };
  }
  return { name, mdev: null };
}

export interface MdevctlFileInfo {
  start: 'auto' | 'manual';
  attrs: Array<[string, string]>;
}

/** `/etc/mdevctl.d/matrix/<uuid>`: `{ mdev_type, start, attrs: [{key: value}] }`. */
export function parseMdevctlJson(text: string): MdevctlFileInfo | Bad {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { bad: `not JSON (${(e as Error).message})` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { bad: 'not a JSON object' };
  const o = doc as Record<string, unknown>;
  if (o.mdev_type !== undefined && o.mdev_type !== 'vfio_ap-passthrough')
    return { bad: `mdev_type is ${JSON.stringify(o.mdev_type)}, not vfio_ap-passthrough` };
  if (o.start !== 'auto' && o.start !== 'manual') return { bad: `start is ${JSON.stringify(o.start)}, not "auto" or "manual"` };
  const rawAttrs = o.attrs === undefined ? [] : o.attrs;
  if (!Array.isArray(rawAttrs)) return { bad: 'attrs is not a list' };
  const attrs: Array<[string, string]> = [];
  for (let i = 0; i < rawAttrs.length; i++) {
    const a = rawAttrs[i];
    if (typeof a !== 'object' || a === null || Array.isArray(a)) return { bad: `attrs[${i}] is not an object` };
    const keys = Object.keys(a);
    if (keys.length !== 1) return { bad: `attrs[${i}] must have exactly one key` };
    const v = (a as Record<string, unknown>)[keys[0]];
    if (typeof v !== 'string') return { bad: `attrs[${i}].${keys[0]} is not a string` };
    attrs.push([keys[0], v]);
  }
  return { start: o.start, attrs };
}

export interface DefinitionMasks {
  apm: Mask;
  aqm: Mask;
  adm: Mask;
  /** ids that do not fit in 0..255 (the kernel would answer ENODEV or ERANGE) */
  outOfRange: string[];
  /** attrs that are not understood or not parseable */
  problems: string[];
}

/**
 * The matrix an mdevctl definition creates when its attrs are written in order
 * (docs/host-tools.md §3.5: values parsed with base auto-detection like the kernel's kstrtoul,
 * §1.1; an `ap_config` attr replaces all three masks, §6.2).
 */
export function definitionMasks(attrs: Array<[string, string]>): DefinitionMasks {
  let apm = emptyMask();
  let aqm = emptyMask();
  let adm = emptyMask();
  const outOfRange: string[] = [];
  const problems: string[] = [];
  for (const [k, v] of attrs) {
    if (k === 'ap_config') {
      const r = parseApConfigText(v);
      if (isBad(r)) problems.push(`ap_config: ${r.bad}`);
      else ({ apm, aqm, adm } = r);
      continue;
    }
    const target = k === 'assign_adapter' ? apm : k === 'assign_domain' ? aqm : k === 'assign_control_domain' ? adm : null;
    if (!target) {
      problems.push(`unknown attribute ${k}`);
      continue;
    }
    let n: number;
    try {
      n = kstrtoulNumber(v, k); // §1.1
    } catch {
      problems.push(`${k} value ${JSON.stringify(v)} is not a number the kernel accepts`);
      continue;
    }
    if (n > 255) outOfRange.push(`${k}=${v}`);
    else maskSet(target, n);
  }
  return { apm, aqm, adm, outOfRange, problems };
}
