/**
 * The write grammars of the AP masks (docs/kernel-model.md §1.2, §1.3):
 * absolute hex (`ap_hex2bitmap`), relative `+N,-A-B` (`modify_bitmap`), and the
 * kernel parameter form `ap.apmask=` that starts from all zeros.
 */
import { KernelError } from './errors';
import { detectBase, readDigits } from './kstrtoul';
import { AP_IDS } from './ids';
import { Mask, emptyMask, maskCopy, maskAssign, MASK_BYTES } from './mask';

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * §1.2 ap_hex2bitmap: optional `0x` or `x`, at most 64 hex digits read left to
 * right and right-padded with zeros, then at most one `\n`. `0X` is not a prefix.
 * An empty string gives an all-zero mask.
 */
export function parseAbsoluteMask(text: string, path = 'mask'): Mask {
  const m = emptyMask();
  let i = 0;
  if (text[i] === '0' && text[i + 1] === 'x') i++; // skip the 0 of "0x" only (§1.2)
  if (text[i] === 'x') i++;
  let digits = 0;
  while (digits < MASK_BYTES * 2) {
    const v = hexValue(text[i]);
    if (v < 0) break;
    m[digits >>> 1] |= digits & 1 ? v : v << 4;
    digits++;
    i++;
  }
  if (text[i] === '\n') i++;
  if (i !== text.length) {
    const why =
      digits === MASK_BYTES * 2 && hexValue(text[i]) >= 0
        ? 'more than 64 hex digits'
        : `unexpected character ${JSON.stringify(text[i])} at position ${i}`;
    throw new KernelError('EINVAL', path, text, why);
  }
  return m;
}

const U64 = 1n << 64n;

/**
 * Reads one base-0 number of the relative grammar with simple_strtoul (§1.3):
 * no overflow error, the value wraps modulo 2^64 as the kernel's does.
 */
function readNumber(s: string, at: number): { value: number; end: number } | null {
  const { base, start } = detectBase(s, at);
  const { value, end } = readDigits(s, start, base);
  if (end === start) return null;
  const wrapped = value % U64;
  return { value: wrapped >= BigInt(AP_IDS) ? AP_IDS : Number(wrapped), end };
}

/**
 * §1.3 modify_bitmap: terms `+N`, `-N`, `+A-B`, `-A-B`, each followed by an
 * optional run of `,` and `\n`; applied left to right to a copy of `base`.
 * Like the kernel, a term may follow the previous one directly (`+1+2`,
 * `+1-3-5` = range 1..3 then clear 5). All or nothing.
 */
export function parseRelativeMask(text: string, base: Mask, path = 'mask'): Mask {
  const m = maskCopy(base);
  let i = 0;
  const fail = (why: string): never => {
    throw new KernelError('EINVAL', path, text, why);
  };
  while (i < text.length) {
    const sign = text[i];
    if (sign !== '+' && sign !== '-') fail(`expected + or - at position ${i}, found ${JSON.stringify(sign)}`);
    const first = readNumber(text, i + 1);
    if (!first) fail(`no number after ${sign} at position ${i}`);
    if (first!.value >= AP_IDS) fail(`${text.slice(i + 1, first!.end)} is not below 256`);
    let last = first!.value;
    i = first!.end;
    if (text[i] === '-') {
      const second = readNumber(text, i + 1);
      if (!second) fail(`no number after - in a range at position ${i}`);
      if (second!.value >= AP_IDS) fail(`${text.slice(i + 1, second!.end)} is not below 256`);
      if (second!.value < first!.value) fail(`range ${first!.value}-${second!.value} runs backwards`);
      last = second!.value;
      i = second!.end;
    }
    for (let id = first!.value; id <= last; id++) maskAssign(m, id, sign === '+');
    while (text[i] === ',' || text[i] === '\n') i++;
  }
  return m;
}

/** apmask/aqmask write (§2.1 step 2): relative when it starts with + or -. */
export function parseMaskWrite(text: string, current: Mask, path = 'mask'): Mask {
  if (text[0] === '+' || text[0] === '-') return parseRelativeMask(text, current, path);
  return parseAbsoluteMask(text, path);
}

/**
 * Kernel parameter `ap.apmask=` / `ap.aqmask=` (§1.3): the same parser, starting
 * from all zeros. Accepts either a bare value or a full `ap.apmask=VALUE`.
 */
export function parseKernelParamMask(text: string, path = 'ap.apmask'): Mask {
  const value = text.replace(/^ap\.a[pq]mask=/, '');
  return parseMaskWrite(value, emptyMask(), path);
}

/** Both kernel parameters out of a command line: `ap.apmask=0xffff ap.aqmask=0x40`. */
export function parseKernelCommandLine(cmdline: string): { apmask: Mask | null; aqmask: Mask | null } {
  let apmask: Mask | null = null;
  let aqmask: Mask | null = null;
  for (const word of cmdline.trim().split(/\s+/)) {
    if (word.startsWith('ap.apmask=')) apmask = parseKernelParamMask(word, 'ap.apmask');
    else if (word.startsWith('ap.aqmask=')) aqmask = parseKernelParamMask(word, 'ap.aqmask');
  }
  return { apmask, aqmask };
}
