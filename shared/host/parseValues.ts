/**
 * Parsers for the read formats of single sysfs attributes. Each returns the
 * value or a `Bad` with a sentence saying what was expected; none throws.
 */
import { Mask, emptyMask, maskSet } from '../ap';

export interface Bad {
  bad: string;
}

export function isBad(v: unknown): v is Bad {
  return typeof v === 'object' && v !== null && 'bad' in v;
}

/** The first line without its newline (sysfs values are one line). */
export function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

function quote(text: string): string {
  const t = text.length > 40 ? text.slice(0, 40) + '...' : text;
  return JSON.stringify(t);
}

const MASK_RE = /^(?:0x)?([0-9a-fA-F]{1,64})$/;

/**
 * §2 mask read format: `0x` + 64 hex digits, bit 0 = MSB of the first digit.
 * Fewer digits are right-padded (old kernels printed the control domain mask
 * without `0x`, §2 "Older formats").
 */
export function parseMaskText(text: string): Mask | Bad {
  const line = firstLine(text).trim();
  if (line === 'not supported') return { bad: 'the kernel reports "not supported" (no QCI, §9.6)' };
  const m = MASK_RE.exec(line);
  if (!m) return { bad: `expected 0x and 64 hex digits, read ${quote(line)}` };
  const mask = emptyMask();
  const digits = m[1];
  for (let i = 0; i < digits.length; i++) {
    const v = parseInt(digits[i], 16);
    for (let b = 0; b < 4; b++) if (v & (8 >> b)) maskSet(mask, i * 4 + b);
  }
  return mask;
}

/** A decimal integer within [min, max] (ap_max_*_id, ap_domain, hwtype ...). */
export function parseIntText(text: string, min: number, max: number): number | Bad {
  const line = firstLine(text).trim();
  if (!/^-?\d{1,10}$/.test(line)) return { bad: `expected a decimal number, read ${quote(line)}` };
  const n = Number(line);
  if (n < min || n > max) return { bad: `expected a number from ${min} to ${max}, read ${n}` };
  return n;
}

/** `0x%08X` (ap_functions, §3.1). */
export function parseHex32Text(text: string): number | Bad {
  const line = firstLine(text).trim();
  if (!/^0x[0-9a-fA-F]{1,8}$/.test(line)) return { bad: `expected 0x and up to 8 hex digits, read ${quote(line)}` };
  return parseInt(line.slice(2), 16) >>> 0;
}

/** `1`/`0` (config, chkstop, online). */
export function parseBoolText(text: string): boolean | Bad {
  if (text === '1\n') return true; // the common case first
  if (text === '0\n') return false;
  const line = firstLine(text).trim();
  if (line === '1') return true;
  if (line === '0') return false;
  return { bad: `expected 0 or 1, read ${quote(line)}` };
}

/** request_count: decimal, or `-` when the queue is uninitiated (§3.2) = null. */
export function parseCountText(text: string): number | null | Bad {
  if (text === '-\n') return null;
  if (text === '0\n') return 0;
  const line = firstLine(text).trim();
  if (line === '-') return null;
  if (!/^\d{1,20}$/.test(line)) return { bad: `expected a count or -, read ${quote(line)}` };
  return Number(line);
}

export interface MatrixMasks {
  apm: Mask;
  aqm: Mask;
}

const APQN_LINE = /^([0-9a-f]{2})\.([0-9a-f]{4})$/;
const ADAPTER_LINE = /^([0-9a-f]{2})\.$/;
const DOMAIN_LINE = /^\.([0-9a-f]{4})$/;

/**
 * §6.1 `matrix` / `guest_matrix`: `aa.dddd` per APQN (cartesian, so the
 * adapters and domains seen are the masks), `aa.` when only adapters, `.dddd`
 * when only domains, empty when nothing.
 */
export function parseMatrixText(text: string): MatrixMasks | Bad {
  const apm = emptyMask();
  const aqm = emptyMask();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let count = 0;
  for (const raw of lines) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = APQN_LINE.exec(line))) {
      maskSet(apm, parseInt(m[1], 16));
      maskSet(aqm, parseInt(m[2], 16));
    } else if ((m = ADAPTER_LINE.exec(line))) maskSet(apm, parseInt(m[1], 16));
    else if ((m = DOMAIN_LINE.exec(line))) maskSet(aqm, parseInt(m[1], 16));
    else return { bad: `line ${count + 1}: expected aa.dddd, aa. or .dddd, read ${quote(line)}` };
    count++;
  }
  return { apm, aqm };
}

/** §6.1 `control_domains`: one `%04x` line per control domain. */
export function parseControlDomainsText(text: string): Mask | Bad {
  const adm = emptyMask();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!/^[0-9a-f]{4}$/.test(line) || parseInt(line, 16) > 255)
      return { bad: `line ${i + 1}: expected a 4-digit hex domain, read ${quote(line)}` };
    maskSet(adm, parseInt(line, 16));
  }
  return adm;
}

/** §6.1 `ap_config`: three `0x`+64-hex masks joined by `,`. */
export function parseApConfigText(text: string): { apm: Mask; aqm: Mask; adm: Mask } | Bad {
  const parts = firstLine(text).trim().split(',');
  if (parts.length !== 3) return { bad: `expected three masks separated by commas, read ${quote(firstLine(text))}` };
  const masks = parts.map(parseMaskText);
  for (let i = 0; i < 3; i++) {
    const m = masks[i];
    if (isBad(m)) return { bad: `mask ${i + 1}: ${m.bad}` };
  }
  return { apm: masks[0] as Mask, aqm: masks[1] as Mask, adm: masks[2] as Mask };
}
