import { describe, it, expect } from 'vitest';
import { kstrtoul, parseAbsoluteMask, parseRelativeMask, maskToHex, fullMask, maskIds, emptyMask, parseKernelParamMask, cartesian, maskFromIds, qsCells, formatApqn, cellAdapter, cellDomain } from '../../shared/ap';

describe('smoke', () => {
  it('works', () => {
    expect(kstrtoul('0255')).toBe(173n);
    expect(() => kstrtoul('08')).toThrow(/EINVAL/);
    expect(maskIds(parseAbsoluteMask('0x41'))).toEqual([1, 7]);
    expect(() => parseAbsoluteMask('0X41')).toThrow(/EINVAL/);
    expect(maskIds(parseRelativeMask('+0,-6,+0x47,-0xf0', emptyMask()))).toEqual([0, 0x47]);
    expect(maskToHex(parseRelativeMask('-5,-6', fullMask()))).toBe('0xf9' + 'f'.repeat(62));
    expect(maskIds(parseKernelParamMask('ap.apmask=0xffff'))).toEqual([...Array(16).keys()]);
    const q = qsCells(cartesian(maskFromIds([5, 6]), maskFromIds([4, 0xab])));
    expect(q.map((c) => formatApqn(cellAdapter(c), cellDomain(c)))).toEqual(['05.0004', '05.00ab', '06.0004', '06.00ab']);
  });
});
