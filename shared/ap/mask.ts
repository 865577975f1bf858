/**
 * 256-bit AP masks as typed arrays. Bit 0 (adapter or domain 0) is the most
 * significant bit of the first byte, so byte order equals the sysfs hex order
 * (docs/kernel-model.md, bit-numbering convention).
 */
import { AP_IDS, hex2 } from './ids';

export type Mask = Uint8Array; // always 32 bytes

export const MASK_BYTES = 32;

export function emptyMask(): Mask {
  return new Uint8Array(MASK_BYTES);
}

export function fullMask(): Mask {
  return new Uint8Array(MASK_BYTES).fill(0xff);
}

export function maskHas(m: Mask, id: number): boolean {
  return (m[id >>> 3] & (0x80 >>> (id & 7))) !== 0;
}

export function maskSet(m: Mask, id: number): void {
  m[id >>> 3] |= 0x80 >>> (id & 7);
}

export function maskClear(m: Mask, id: number): void {
  m[id >>> 3] &= ~(0x80 >>> (id & 7));
}

export function maskAssign(m: Mask, id: number, on: boolean): void {
  if (on) maskSet(m, id);
  else maskClear(m, id);
}

export function maskFromIds(ids: Iterable<number>): Mask {
  const m = emptyMask();
  for (const id of ids) maskSet(m, id);
  return m;
}

/** Ids set in the mask, ascending. */
export function maskIds(m: Mask): number[] {
  const out: number[] = [];
  for (let byte = 0; byte < MASK_BYTES; byte++) {
    const v = m[byte];
    if (v === 0) continue;
    for (let bit = 0; bit < 8; bit++) if (v & (0x80 >>> bit)) out.push(byte * 8 + bit);
  }
  return out;
}

export function maskCount(m: Mask): number {
  let n = 0;
  for (let i = 0; i < MASK_BYTES; i++) {
    let v = m[i];
    while (v) {
      v &= v - 1;
      n++;
    }
  }
  return n;
}

export function maskIsEmpty(m: Mask): boolean {
  for (let i = 0; i < MASK_BYTES; i++) if (m[i] !== 0) return false;
  return true;
}

export function maskEquals(a: Mask, b: Mask): boolean {
  for (let i = 0; i < MASK_BYTES; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function maskAnd(a: Mask, b: Mask): Mask {
  const m = emptyMask();
  for (let i = 0; i < MASK_BYTES; i++) m[i] = a[i] & b[i];
  return m;
}

export function maskOr(a: Mask, b: Mask): Mask {
  const m = emptyMask();
  for (let i = 0; i < MASK_BYTES; i++) m[i] = a[i] | b[i];
  return m;
}

/** a AND NOT b */
export function maskAndNot(a: Mask, b: Mask): Mask {
  const m = emptyMask();
  for (let i = 0; i < MASK_BYTES; i++) m[i] = a[i] & ~b[i];
  return m;
}

export function maskIntersects(a: Mask, b: Mask): boolean {
  for (let i = 0; i < MASK_BYTES; i++) if (a[i] & b[i]) return true;
  return false;
}

/** Keeps only ids 0..max (the kernel prints only bits up to apm_max/aqm_max). */
export function maskUpTo(m: Mask, max: number): Mask {
  const out = emptyMask();
  for (let id = 0; id <= Math.min(max, AP_IDS - 1); id++) if (maskHas(m, id)) maskSet(out, id);
  return out;
}

/** The sysfs read format: `0x` + 64 lowercase hex digits (no newline). */
export function maskToHex(m: Mask): string {
  let s = '0x';
  for (let i = 0; i < MASK_BYTES; i++) s += hex2(m[i]);
  return s;
}

export function maskCopy(m: Mask): Mask {
  return new Uint8Array(m);
}

/** Highest id set, or -1. */
export function maskMax(m: Mask): number {
  for (let byte = MASK_BYTES - 1; byte >= 0; byte--) {
    const v = m[byte];
    if (v === 0) continue;
    for (let bit = 7; bit >= 0; bit--) if (v & (0x80 >>> bit)) return byte * 8 + bit;
  }
  return -1;
}

/** Compact decimal ranges, as chzdev and lszdev print them: `0-4,7-255`. */
export function maskToRanges(m: Mask, toText: (n: number) => string = String): string {
  const ids = maskIds(m);
  const parts: string[] = [];
  for (let i = 0; i < ids.length;) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    parts.push(i === j ? toText(ids[i]) : `${toText(ids[i])}-${toText(ids[j])}`);
    i = j + 1;
  }
  return parts.join(',');
}
