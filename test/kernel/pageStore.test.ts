/**
 * One sysfs store is at most one page (§8, kernfs): a write(2) of more than
 * 4,096 bytes stores its first page and returns 4,096; the writer sends the
 * rest as another store, parsed on its own. The issue 8 payload: 683 times
 * `+0x00` is 4,097 bytes plus the newline; cut at a page its tail `0\n` is an
 * ABSOLUTE mask (§1.2) that frees every host queue.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, cloneKernelState, createKernel, fitsOneStore, pageStores, SYSFS_PAGE, writeAll } from '../../shared/kernel';
import { maskToHex } from '../../shared/ap';
import { replayWrite } from '../../shared/plan/replayWrite';
import type { Operation } from '../../shared/plan/operations';

const LONG = Array(683).fill('+0x00').join(',');
const ALL_ONES = '0x' + 'f'.repeat(64);
const ALL_ZERO = '0x' + '0'.repeat(64);

describe('a store takes at most one page (§8)', () => {
  it('one write of 4,098 bytes stores 4,096 and returns that count', () => {
    const k = createKernel(buildScenario('default').state);
    expect(LONG.length + 1).toBe(4098);
    const n = k.write('bus/ap/apmask', LONG + '\n');
    expect(n).toBe(SYSFS_PAGE);
    expect(k.read('bus/ap/apmask').trim()).toBe(ALL_ONES); // `+0x00,...,+0x0`: bit 0 was set already
    // what printf does next: the rest is a store of its own, `0\n`, an absolute mask
    k.write('bus/ap/apmask', (LONG + '\n').slice(n));
    expect(k.read('bus/ap/apmask').trim()).toBe(ALL_ZERO);
  });

  it('writeAll sends the rest as further stores, as printf does', () => {
    const k = createKernel(buildScenario('default').state);
    expect(writeAll(k, 'bus/ap/apmask', LONG + '\n')).toBe(4098);
    expect(k.read('bus/ap/apmask').trim()).toBe(ALL_ZERO);
  });

  it('validation by replay sees the two stores the kernel sees', () => {
    const s = cloneKernelState(buildScenario('default').state);
    const op: Operation = { kind: 'apmask', set: Array(683).fill(0), clear: [] };
    replayWrite(s, op, LONG + '\n');
    expect(maskToHex(s.apmask)).toBe(ALL_ZERO);
  });

  it('pageStores cuts at one page; fitsOneStore keeps payload and newline under a page', () => {
    expect(pageStores('a'.repeat(9000)).map((x) => x.length)).toEqual([4096, 4096, 808]);
    expect(pageStores('')).toEqual([]);
    expect(fitsOneStore('x'.repeat(4094))).toBe(true);
    expect(fitsOneStore('x'.repeat(4095))).toBe(false);
  });
});
