/**
 * Ids, queue sets and card types (docs/kernel-model.md bit numbering, §3.3).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FUNCTIONS_FOR_MODE,
  cartesian,
  cartesianIntersects,
  cellAdapter,
  cellDomain,
  cellIndex,
  compatibleType,
  formatApqn,
  formatFunctions,
  functionLetters,
  isUuid,
  maskFromIds,
  maskIds,
  modeFromFunctions,
  newUuid,
  parseApqn,
  qsCells,
  qsCount,
  qsFromCells,
  typeName
} from '../../shared/ap';

const ids = fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 12 });

describe('ids', () => {
  it('APQN text is %02x.%04x lowercase and parses back', () => {
    expect(formatApqn(5, 0xab)).toBe('05.00ab');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, d) => {
        expect(parseApqn(formatApqn(a, d))).toEqual({ adapter: a, domain: d });
        const c = cellIndex(a, d);
        expect([cellAdapter(c), cellDomain(c)]).toEqual([a, d]);
      })
    );
  });

  it('newUuid makes lowercase v4 UUIDs that isUuid accepts; uppercase is not canonical', () => {
    const u = newUuid();
    expect(isUuid(u)).toBe(true);
    expect(u[14]).toBe('4');
    expect(isUuid(u.toUpperCase().replace(/[0-9]/g, 'A'))).toBe(false);
  });
});

describe('queue sets', () => {
  it('cartesian(apm, aqm) holds exactly every (a, d) pair, adapter-major (the matrix file order)', () => {
    expect(qsCells(cartesian(maskFromIds([5, 6]), maskFromIds([4, 0xab]))).map((c) => formatApqn(cellAdapter(c), cellDomain(c)))).toEqual([
      '05.0004',
      '05.00ab',
      '06.0004',
      '06.00ab'
    ]);
    fc.assert(
      fc.property(ids, ids, (as, ds) => {
        const s = cartesian(maskFromIds(as), maskFromIds(ds));
        expect(qsCount(s)).toBe(as.length * ds.length);
        const expected = [...as].sort((x, y) => x - y).flatMap((a) => [...ds].sort((x, y) => x - y).map((d) => cellIndex(a, d)));
        expect(qsCells(s)).toEqual(expected);
      })
    );
  });

  it('cartesianIntersects agrees with the mask rule: apm∩apm′ ≠ ∅ and aqm∩aqm′ ≠ ∅', () => {
    fc.assert(
      fc.property(ids, ids, ids, ids, (a1, d1, a2, d2) => {
        const other = cartesian(maskFromIds(a2), maskFromIds(d2));
        const byMasks = a1.some((a) => a2.includes(a)) && d1.some((d) => d2.includes(d));
        expect(cartesianIntersects(maskFromIds(a1), maskFromIds(d1), other)).toBe(byMasks);
      })
    );
    expect(maskIds(maskFromIds([3, 1]))).toEqual([1, 3]);
    expect(qsCells(qsFromCells([7, 3]))).toEqual([3, 7]);
  });
});

describe('§3.3 card types and modes', () => {
  it('§3.3 hwtype 10-14 is CEX4-CEX8 with A/C/P by mode; below 10 no type; above 14 maps to 14', () => {
    expect([10, 11, 12, 13, 14].map((t) => typeName(t, 'CCA-Coproc'))).toEqual(['CEX4C', 'CEX5C', 'CEX6C', 'CEX7C', 'CEX8C']);
    expect(typeName(11, 'Accelerator')).toBe('CEX5A');
    expect(typeName(13, 'EP11-Coproc')).toBe('CEX7P');
    expect(typeName(9, 'CCA-Coproc')).toBeNull();
    expect(compatibleType(15)).toBe(14);
    expect(compatibleType(7)).toBe(0);
  });

  it('§3.3 mode from ap_functions in lszcrypt order: CCA (D) first, then accelerator (A), then EP11 (X)', () => {
    expect(modeFromFunctions(0x10000000 | 0x08000000 | 0x04000000)).toBe('CCA-Coproc');
    expect(modeFromFunctions(0x08000000 | 0x04000000)).toBe('Accelerator');
    expect(modeFromFunctions(0x04000000)).toBe('EP11-Coproc');
    expect(modeFromFunctions(0x80000000)).toBe('Unknown');
  });

  it('§3.3 the illustrative ap_functions values and their FUNCTIONS column', () => {
    expect(formatFunctions(FUNCTIONS_FOR_MODE.Accelerator)).toBe('0x6A000000');
    expect(formatFunctions(FUNCTIONS_FOR_MODE['CCA-Coproc'])).toBe('0x92000000');
    expect(formatFunctions(FUNCTIONS_FOR_MODE['EP11-Coproc'])).toBe('0x06000000');
    expect(functionLetters(0x6a000000)).toBe('-MC-A-N---');
    expect(functionLetters(0x92000000)).toBe('S--D--N---');
    expect(functionLetters(0x06000000)).toBe('-----XN---');
    expect(functionLetters(0x6a800000)).toBe('-MC-A-N-F-'); // 10 letters with H; the fallback seed's older lszcrypt printed 9 (-MC-A-NF-)
  });
});
