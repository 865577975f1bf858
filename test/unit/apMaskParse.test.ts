/**
 * The mask grammars (docs/kernel-model.md §1.2 absolute, §1.3 relative and the
 * kernel parameter form) and the read format.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  emptyMask,
  fullMask,
  maskFromIds,
  maskHas,
  maskIds,
  maskToHex,
  parseAbsoluteMask,
  parseKernelCommandLine,
  parseKernelParamMask,
  parseMaskWrite,
  parseRelativeMask
} from '../../shared/ap';
import { errnoOf as errno } from '../kernel/kernelHelpers';

const ids = fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 40 });
const mask = ids.map((xs) => maskFromIds(xs));

describe('§1.2 absolute mask form (ap_hex2bitmap)', () => {
  it('§1.2 the read format round-trips with 0x, x, bare digits, either case and one newline', () => {
    fc.assert(
      fc.property(mask, fc.constantFrom('0x', 'x', ''), fc.boolean(), fc.boolean(), (m, prefix, upper, nl) => {
        const hex = maskToHex(m).slice(2);
        const text = prefix + (upper ? hex.toUpperCase() : hex) + (nl ? '\n' : '');
        expect(maskToHex(parseAbsoluteMask(text))).toBe(maskToHex(m));
      })
    );
  });

  it('§1.2 fewer than 64 digits are right-padded with zeros (0x41 = ids 1 and 7)', () => {
    expect(maskIds(parseAbsoluteMask('0x41'))).toEqual([1, 7]);
    expect(maskToHex(parseAbsoluteMask('0x41'))).toBe('0x41' + '0'.repeat(62));
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{0,64}$/), (digits) => {
        expect(maskToHex(parseAbsoluteMask('0x' + digits))).toBe('0x' + digits.padEnd(64, '0'));
      })
    );
  });

  it('§1.2 digit k sets bits 4k..4k+3 with its 0x8 bit first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 15 }), (k, v) => {
        const m = parseAbsoluteMask('0'.repeat(k) + v.toString(16));
        for (let n = 0; n < 4; n++) expect(maskHas(m, 4 * k + n)).toBe((v & (8 >> n)) !== 0);
        expect(maskIds(m).every((id) => id >= 4 * k && id < 4 * k + 4)).toBe(true);
      })
    );
  });

  it('§1.2 more than 64 digits overflow to EINVAL', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{65,80}$/), (d) => {
        expect(errno(() => parseAbsoluteMask('0x' + d))).toBe('EINVAL');
      })
    );
  });

  it('§1.2 uppercase 0X is not a prefix: EINVAL', () => {
    expect(errno(() => parseAbsoluteMask('0X41'))).toBe('EINVAL');
    expect(errno(() => parseAbsoluteMask('0Xff\n'))).toBe('EINVAL');
  });

  it('§1.2 empty, \\n, 0x and x are accepted as all zero', () => {
    for (const s of ['', '\n', '0x', 'x', '0x\n']) expect(maskToHex(parseAbsoluteMask(s)), JSON.stringify(s)).toBe(maskToHex(emptyMask()));
  });

  it('§1.2 anything after the digits but one newline is EINVAL (spaces, commas, second newline)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{1,10}$/), fc.constantFrom(' ', ',', '\n\n', 'g', '\t', ' \n', '.'), (d, junk) => {
        expect(errno(() => parseAbsoluteMask('0x' + d + junk))).toBe('EINVAL');
      })
    );
  });
});

describe('§1.3 relative mask form (modify_bitmap)', () => {
  it('§1.3 +N and -N set and clear one bit in decimal, 0x hex and octal', () => {
    fc.assert(
      fc.property(mask, fc.integer({ min: 0, max: 255 }), fc.constantFrom(10, 16, 8), (m, id, base) => {
        const num = base === 16 ? '0x' + id.toString(16) : base === 8 ? '0' + id.toString(8) : String(id);
        expect(maskHas(parseRelativeMask('+' + num, m), id)).toBe(true);
        expect(maskHas(parseRelativeMask('-' + num, m), id)).toBe(false);
        const others = (x: Uint8Array) => maskIds(x).filter((i) => i !== id);
        expect(others(parseRelativeMask('+' + num, m))).toEqual(others(m));
      })
    );
  });

  it('§1.3 documented examples: +0x41 is bit 65, -0xff bit 255, +0,-6,+0x47,-0xf0', () => {
    expect(maskIds(parseRelativeMask('+0x41', emptyMask()))).toEqual([65]);
    expect(maskHas(parseRelativeMask('-0xff', fullMask()), 255)).toBe(false);
    expect(maskIds(parseRelativeMask('+0,-6,+0x47,-0xf0', emptyMask()))).toEqual([0, 0x47]);
    const m = parseRelativeMask('+0,-6,+0x47,-0xf0', fullMask());
    expect([0, 6, 0x47, 0xf0].map((i) => maskHas(m, i))).toEqual([true, false, true, false]);
    expect(maskIds(parseRelativeMask('+0-15,+32,-128,-0xFF', emptyMask()))).toEqual([...Array(16).keys(), 32]);
    expect(maskIds(parseRelativeMask('+1,+2,+3,+4,-5,-7-10', fullMask())).filter((i) => i < 12)).toEqual([0, 1, 2, 3, 4, 6, 11]);
    expect(maskIds(parseRelativeMask('-13', maskFromIds([12, 13])))).toEqual([12]);
  });

  it('§1.3 +A-B is a range, not +A then -B', () => {
    expect(maskIds(parseRelativeMask('+1-3', emptyMask()))).toEqual([1, 2, 3]);
    expect(maskIds(parseRelativeMask('+1,-3', maskFromIds([3])))).toEqual([1]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(maskIds(parseRelativeMask(`+${lo}-${hi}`, emptyMask()))).toEqual(Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
      })
    );
  });

  it('§1.3 terms apply left to right, the last one on a bit wins (+0-255,-128)', () => {
    const m = parseRelativeMask('+0-255,-128', emptyMask());
    expect(maskHas(m, 128)).toBe(false);
    expect(maskIds(m).length).toBe(255);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        mask,
        (terms, base) => {
          const text = terms.map(([on, id]) => (on ? '+' : '-') + id).join(',');
          const expected = new Uint8Array(base);
          const got = parseRelativeMask(text, base);
          const last = new Map<number, boolean>();
          for (const [on, id] of terms) last.set(id, on);
          for (let id = 0; id < 256; id++) expect(maskHas(got, id)).toBe(last.has(id) ? last.get(id) : maskHas(expected, id));
        }
      )
    );
  });

  it('§1.3 separators: runs of commas and newlines, trailing separator allowed', () => {
    expect(maskIds(parseRelativeMask('+1,,\n,+2\n', emptyMask()))).toEqual([1, 2]);
    expect(maskIds(parseRelativeMask('+1\n+2,', emptyMask()))).toEqual([1, 2]);
  });

  it('§1.3 like modify_bitmap, a term may follow a number directly: +1+2, +1-3-2 (range then clear)', () => {
    expect(maskIds(parseRelativeMask('+1+2', emptyMask()))).toEqual([1, 2]);
    expect(maskIds(parseRelativeMask('+1-3-2', emptyMask()))).toEqual([1, 3]);
  });

  it('§1.3 numbers go through simple_strtoul: no ERANGE, they wrap modulo 2^64', () => {
    expect(maskIds(parseRelativeMask('+' + ((1n << 64n) + 5n).toString(), emptyMask()))).toEqual([5]);
    expect(errno(() => parseRelativeMask('+' + ((1n << 64n) + 256n).toString(), emptyMask()))).toBe('EINVAL');
  });

  it('§1.3 EINVAL: bad sign, no digits, first >= 256, empty/backwards/out-of-range second number', () => {
    for (const s of ['+', '+,', '+x', '*5', '+5, +6', '+256', '+0x100', '+5-', '+5-x', '+6-5', '+5-256', '+1,5', '+1 ', '+0X'])
      expect(
        errno(() => parseRelativeMask(s, emptyMask())),
        JSON.stringify(s)
      ).toBe('EINVAL');
  });

  it('§1.3 all or nothing: an error anywhere leaves the base unchanged', () => {
    fc.assert(
      fc.property(
        mask,
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 5 }),
        fc.constantFrom('+256', '+x', '+9-3', ' '),
        (base, good, bad) => {
          const before = maskToHex(base);
          const text = [...good.map((i) => '-' + i), bad].join(',');
          expect(errno(() => parseRelativeMask(text, base))).toBe('EINVAL');
          expect(maskToHex(base)).toBe(before);
        }
      )
    );
  });
});

describe('§2.1 / §1.3 mask write form selection and the kernel parameter form', () => {
  it('§2.1 a write starting with + or - is relative to the current mask, anything else absolute from zero', () => {
    fc.assert(
      fc.property(mask, fc.integer({ min: 0, max: 255 }), (cur, id) => {
        expect(maskIds(parseMaskWrite('+' + id, cur))).toEqual(maskIds(maskFromIds([...maskIds(cur), id])).sort((a, b) => a - b));
        expect(maskToHex(parseMaskWrite('0x80', cur))).toBe('0x80' + '0'.repeat(62));
      })
    );
  });

  it('§1.3 kernel parameters start from all zero: ap.apmask=0xffff ap.aqmask=0x40', () => {
    const { apmask, aqmask } = parseKernelCommandLine('root=/dev/dasda1 ap.apmask=0xffff ap.aqmask=0x40');
    expect(maskIds(apmask!)).toEqual([...Array(16).keys()]);
    expect(maskIds(aqmask!)).toEqual([1]);
    expect(maskIds(parseKernelParamMask('ap.apmask=+4,+0x0a'))).toEqual([4, 10]);
    expect(parseKernelCommandLine('quiet').apmask).toBeNull(); // no parameter: default stays all ones
  });

  it('§1.3 kernel parameter relative form equals the sysfs relative form applied to zero', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 10 }), (terms) => {
        const text = terms.map(([on, id]) => (on ? '+' : '-') + id).join(',');
        expect(maskToHex(parseKernelParamMask('ap.aqmask=' + text))).toBe(maskToHex(parseRelativeMask(text, emptyMask())));
      })
    );
  });
});
