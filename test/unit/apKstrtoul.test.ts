/**
 * kstrtoul(buf, 0) and the other parsing primitives (docs/kernel-model.md §1.1, §1.4).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kstrtobool, kstrtoul, scanInt } from '../../shared/ap';
import { errnoOf as errno } from '../kernel/kernelHelpers';

const MAX_U64 = (1n << 64n) - 1n;
const u64 = fc.bigInt({ min: 0n, max: MAX_U64 });

describe('§1.1 kstrtoul(buf, 0)', () => {
  it('§1.1 decimal, 0x hex, 0X hex and octal forms round-trip every u64', () => {
    fc.assert(
      fc.property(u64, fc.boolean(), fc.boolean(), (n, plus, nl) => {
        const p = plus ? '+' : '';
        const t = nl ? '\n' : '';
        expect(kstrtoul(`${p}${n.toString(10)}${t}`)).toBe(n);
        expect(kstrtoul(`${p}0x${n.toString(16)}${t}`)).toBe(n);
        expect(kstrtoul(`${p}0X${n.toString(16).toUpperCase()}${t}`)).toBe(n);
        expect(kstrtoul(`${p}0${n.toString(8)}${t}`)).toBe(n);
      })
    );
  });

  it('§1.1 the documented examples: 5, 0x05, 0X5, 05, +5, 5\\n are 5; 0255 and 0xad are 173', () => {
    for (const s of ['5', '0x05', '0X5', '05', '+5', '5\n']) expect(kstrtoul(s)).toBe(5n);
    expect(kstrtoul('0255')).toBe(173n);
    expect(kstrtoul('0xad')).toBe(173n);
    expect(kstrtoul('010')).toBe(8n); // octal trap
  });

  it('§1.1 octal traps: any decimal with a leading 0 and a digit 8 or 9 is EINVAL', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('8', '9'), fc.nat(), (a, bad, b) => {
        expect(errno(() => kstrtoul(`0${a.toString(8)}${bad}${b}`))).toBe('EINVAL');
      })
    );
    expect(errno(() => kstrtoul('08'))).toBe('EINVAL');
    expect(errno(() => kstrtoul('09'))).toBe('EINVAL');
  });

  it('§1.1 EINVAL: leading -, spaces, second newline, trailing junk, empty, bare newline, 0x alone', () => {
    for (const s of ['-5', ' 5', '5 ', '5\n\n', 'five', '', '\n', '0x', '0x\n', '5.', '5\t', '++5', '+', '0xg', '\n5'])
      expect(
        errno(() => kstrtoul(s)),
        JSON.stringify(s)
      ).toBe('EINVAL');
  });

  it('§1.1 any character after the digits other than one newline gives EINVAL', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.string({ minLength: 1, maxLength: 3 }), (n, junk) => {
        fc.pre(junk !== '\n' && !/^[0-9]/.test(junk));
        expect(errno(() => kstrtoul(`${n}${junk}`))).toBe('EINVAL');
      })
    );
  });

  it('§1.1 values above 2^64-1 give ERANGE in every base, even with trailing junk', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MAX_U64 + 1n, max: MAX_U64 * 1000n }), (n) => {
        expect(errno(() => kstrtoul(n.toString()))).toBe('ERANGE');
        expect(errno(() => kstrtoul('0x' + n.toString(16)))).toBe('ERANGE');
        expect(errno(() => kstrtoul('0' + n.toString(8)))).toBe('ERANGE');
      })
    );
    expect(kstrtoul('18446744073709551615')).toBe(MAX_U64);
    expect(errno(() => kstrtoul('18446744073709551616'))).toBe('ERANGE');
    expect(errno(() => kstrtoul('18446744073709551616x'))).toBe('ERANGE');
  });
});

describe('§1.4 kstrtobool and sscanf', () => {
  it('§1.4 kstrtobool: only the first character counts, plus on/off', () => {
    for (const s of ['1', 'y', 'Y', 't', 'T', 'e', 'E', 'on', 'ON', 'yes', 'true\n', '1junk']) expect(kstrtobool(s), s).toBe(true);
    for (const s of ['0', 'n', 'N', 'f', 'F', 'd', 'D', 'off', 'no', 'false']) expect(kstrtobool(s), s).toBe(false);
    for (const s of ['', '2', 'x', 'o', ' 1', 'ox'])
      expect(
        errno(() => kstrtobool(s)),
        s
      ).toBe('EINVAL');
  });

  it('§1.4 sscanf %d accepts leading whitespace and ignores trailing junk; %i takes a base prefix', () => {
    expect(scanInt('  42junk')).toBe(42);
    expect(scanInt('\t-3\n')).toBe(-3);
    expect(scanInt('x')).toBeNull();
    expect(scanInt('0x1f', true)).toBe(31);
    expect(scanInt('010', true)).toBe(8);
    expect(scanInt('010')).toBe(10);
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.string(), (n, junk) => {
        fc.pre(!/^[0-9]/.test(junk));
        expect(scanInt(` ${n}${junk}`)).toBe(n);
      })
    );
  });
});
