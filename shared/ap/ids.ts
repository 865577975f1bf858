/**
 * Adapter (APID), domain (APQI) and queue (APQN) identifiers and their text forms.
 * An APQN is written `05.0047`: two hex digits, a dot, four hex digits, lowercase
 * (docs/kernel-model.md, era labels and bit numbering).
 */
export const AP_IDS = 256;
export const QUEUE_CELLS = AP_IDS * AP_IDS;

export type AdapterId = number;
export type DomainId = number;

/** Cell index of a queue in a 256 x 256 grid: adapter-major. */
export function cellIndex(adapter: AdapterId, domain: DomainId): number {
  return adapter * AP_IDS + domain;
}

export function cellAdapter(cell: number): AdapterId {
  return cell >>> 8;
}

export function cellDomain(cell: number): DomainId {
  return cell & 0xff;
}

export function isApId(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < AP_IDS;
}

export function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** `05.0047` */
export function formatApqn(adapter: AdapterId, domain: DomainId): string {
  return `${hex2(adapter)}.${hex4(domain)}`;
}

/** `card05` */
export function cardName(adapter: AdapterId): string {
  return `card${hex2(adapter)}`;
}

const APQN_RE = /^([0-9a-fA-F]{1,2})\.([0-9a-fA-F]{1,4})$/;

/** Parses `05.0047` (hex on both sides). Returns null when it is not an APQN. */
export function parseApqn(text: string): { adapter: number; domain: number } | null {
  const m = APQN_RE.exec(text.trim());
  if (!m) return null;
  const adapter = parseInt(m[1], 16);
  const domain = parseInt(m[2], 16);
  if (!isApId(adapter) || !isApId(domain)) return null;
  return { adapter, domain };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A canonical (lowercase) mdev UUID, as the kernel names the directory. */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}

/** Random v4 UUID; uses Web Crypto, present in Node 20 and every browser. */
export function newUuid(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
