/**
 * The kernel's `kstrtoul(buf, 0)` (docs/kernel-model.md §1.1): base from the prefix,
 * one optional `+`, at most one trailing newline, ERANGE past 64 bits.
 */
import { KernelError } from './errors';

const MAX_U64 = (1n << 64n) - 1n;

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return 99;
}

/** Base detection shared by kstrtoul and the relative mask grammar (§1.1, §1.3). */
export function detectBase(s: string, at: number): { base: number; start: number } {
  if (s[at] === '0') {
    const x = s[at + 1];
    if ((x === 'x' || x === 'X') && at + 2 < s.length && digitValue(s[at + 2]) < 16) {
      return { base: 16, start: at + 2 };
    }
    return { base: 8, start: at };
  }
  return { base: 10, start: at };
}

/**
 * Reads digits of `base` from `at`; returns the value and where it stopped.
 * `overflow` is true when the value does not fit in 64 bits.
 */
export function readDigits(s: string, at: number, base: number): { value: bigint; end: number; overflow: boolean } {
  let value = 0n;
  let i = at;
  let overflow = false;
  const b = BigInt(base);
  while (i < s.length) {
    const d = digitValue(s[i]);
    if (d >= base) break;
    value = value * b + BigInt(d);
    if (value > MAX_U64) overflow = true;
    i++;
  }
  return { value, end: i, overflow };
}

/**
 * Parses like kstrtoul(buf, 0). Throws KernelError EINVAL or ERANGE.
 * `path` names the file or field in the error.
 */
export function kstrtoul(buf: string, path = 'value'): bigint {
  let s = buf;
  if (s.endsWith('\n')) s = s.slice(0, -1); // at most one trailing newline (§1.1)
  let at = 0;
  if (s[0] === '+') at = 1;
  const { base, start } = detectBase(s, at);
  const { value, end, overflow } = readDigits(s, start, base);
  if (overflow) throw new KernelError('ERANGE', path, buf, 'value does not fit in 64 bits'); // checked first, as _kstrtoull does
  if (end === start) throw new KernelError('EINVAL', path, buf, 'no digits');
  if (end !== s.length) {
    throw new KernelError('EINVAL', path, buf, `unexpected character ${JSON.stringify(s[end])}`);
  }
  return value;
}

/** kstrtoul that also returns a JS number (the value is then range-checked by the caller). */
export function kstrtoulNumber(buf: string, path = 'value'): number {
  const v = kstrtoul(buf, path);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/** kstrtobool (§1.4): only the first character counts, plus `on`/`off`. */
export function kstrtobool(buf: string, path = 'value'): boolean {
  const c = buf[0];
  if (c === 'o' || c === 'O') {
    const c2 = buf[1];
    if (c2 === 'n' || c2 === 'N') return true;
    if (c2 === 'f' || c2 === 'F') return false;
  } else if (c !== undefined) {
    if ('1yYtTeE'.includes(c)) return true;
    if ('0nNfFdD'.includes(c)) return false;
  }
  throw new KernelError('EINVAL', path, buf, 'not a boolean');
}

/**
 * sscanf("%d") / ("%i" when withBase): leading whitespace accepted, trailing junk
 * ignored (§1.4). Returns null when no number could be read.
 */
export function scanInt(buf: string, withBase = false): number | null {
  const m = /^\s*([+-]?)(.*)$/s.exec(buf)!;
  const neg = m[1] === '-';
  const rest = m[2];
  let base = 10;
  let start = 0;
  if (withBase) ({ base, start } = detectBase(rest, 0));
  const { value, end } = readDigits(rest, start, base);
  if (end === start) return base === 8 && start === 0 && rest[0] === '0' ? 0 : null;
  const n = Number(value);
  return neg ? -n : n;
}
