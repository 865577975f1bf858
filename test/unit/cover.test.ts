import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellIndex, maskFromIds, maskHas } from '../../shared/ap';
import { isCover, minimumWeightCover } from '../../shared/plan/cover';
import { hostCellWeights, hostFreeingCover } from '../../shared/plan/coverWeights';
import { makeHost } from './planFixtures';

/** every subset of the graph's vertices, keeping the lightest cover */
function bruteForce(cells: number[], wa: (a: number) => number, wd: (d: number) => number): number {
  const as = [...new Set(cells.map((c) => c >>> 8))];
  const ds = [...new Set(cells.map((c) => c & 0xff))];
  const verts = [...as.map((a) => ({ a })), ...ds.map((d) => ({ d }))];
  let best = Infinity;
  for (let bits = 0; bits < 1 << verts.length; bits++) {
    const A: number[] = [];
    const D: number[] = [];
    let w = 0;
    verts.forEach((v, i) => {
      if (!(bits & (1 << i))) return;
      if ('a' in v) {
        A.push(v.a);
        w += wa(v.a);
      } else {
        D.push(v.d);
        w += wd(v.d);
      }
    });
    if (w < best && isCover(cells, A, D)) best = w;
  }
  return best;
}

const smallCells = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { minLength: 0, maxLength: 12 })
  .map((pairs) => pairs.map(([a, d]) => cellIndex(a * 7, d * 3)));

describe('minimumWeightCover', () => {
  it('covers a single cell with the lighter side', () => {
    const c = minimumWeightCover(
      [cellIndex(5, 0x47)],
      () => 3,
      () => 2
    );
    expect(c).toEqual({ adapters: [], domains: [0x47], weight: 2 });
  });

  it('is empty for no cells', () => {
    expect(
      minimumWeightCover(
        [],
        () => 1,
        () => 1
      )
    ).toEqual({ adapters: [], domains: [], weight: 0 });
  });

  it('takes one adapter for a full column rather than many domains', () => {
    const cells = [1, 2, 3, 4].map((d) => cellIndex(9, d));
    const c = minimumWeightCover(
      cells,
      () => 1,
      () => 1
    );
    expect(c.adapters).toEqual([9]);
    expect(c.domains).toEqual([]);
  });

  it('equals brute force on random small graphs with random weights', () => {
    fc.assert(
      fc.property(
        smallCells,
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 256, maxLength: 256 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 256, maxLength: 256 }),
        (cells, wa, wd) => {
          const c = minimumWeightCover(
            cells,
            (a) => wa[a],
            (d) => wd[d]
          );
          expect(isCover(cells, c.adapters, c.domains)).toBe(true);
          expect(c.weight).toBe(
            bruteForce(
              cells,
              (a) => wa[a],
              (d) => wd[d]
            )
          );
        }
      ),
      { numRuns: 300 }
    );
  });

  it('rejects negative weights', () => {
    expect(() =>
      minimumWeightCover(
        [0],
        () => -1,
        () => 1
      )
    ).toThrow(/finite number >= 0/);
  });
});

describe('hostFreeingCover', () => {
  it('frees the domain rather than the adapter whose other queues the host drivers use', () => {
    // adapters 4 and 0x0a, domains 6 and 0x47 (the LPAR example of vfio-ap.rst); all host-owned
    const host = makeHost({ adapters: [4, 10], domains: [6, 0x47], apmask: [4, 10], aqmask: [6, 0x47] });
    const am = maskFromIds([4, 10]);
    const qm = maskFromIds([6, 0x47]);
    const c = hostFreeingCover(host, am, qm, [cellIndex(4, 6)]);
    expect(c.adapters.length + c.domains.length).toBe(1);
    // both sides lose one in-use queue; tie -> either; now make 0a.0006 offline: domain 6 is cheaper
    const host2 = makeHost({ adapters: [4, 10], domains: [6, 0x47], apmask: [4, 10], aqmask: [6, 0x47], offline: [cellIndex(10, 6)] });
    expect(hostFreeingCover(host2, am, qm, [cellIndex(4, 6)])).toMatchObject({ adapters: [], domains: [6] });
    const host3 = makeHost({ adapters: [4, 10], domains: [6, 0x47], apmask: [4, 10], aqmask: [6, 0x47], offline: [cellIndex(4, 0x47)] });
    expect(hostFreeingCover(host3, am, qm, [cellIndex(4, 6)])).toMatchObject({ adapters: [4], domains: [] });
  });

  it('ignores cells the host does not own', () => {
    const host = makeHost({ adapters: [1], domains: [1], apmask: [1], aqmask: [2] });
    expect(hostFreeingCover(host, maskFromIds([1]), maskFromIds([2]), [cellIndex(1, 1)]).weight).toBe(0);
  });

  it('is minimum against brute force on random small hosts (same weights)', () => {
    fc.assert(
      fc.property(
        fc.subarray([0, 1, 2, 3, 4, 5]),
        fc.subarray([0, 1, 2, 3, 4, 5]),
        fc.subarray([0, 1, 2, 3, 4, 5]),
        fc.subarray([0, 1, 2, 3, 4, 5]),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { maxLength: 8 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { maxLength: 6 }),
        (adapters, domains, apIds, aqIds, sel, off) => {
          const host = makeHost({ adapters, domains, apmask: apIds, aqmask: aqIds, offline: off.map(([a, d]) => cellIndex(a, d)) });
          const am = maskFromIds(apIds);
          const qm = maskFromIds(aqIds);
          const cells = sel.map(([a, d]) => cellIndex(a, d));
          const hostCells = cells.filter((c) => maskHas(am, c >>> 8) && maskHas(qm, c & 0xff));
          const w = hostCellWeights(host);
          const free = new Set(hostCells);
          const wa = (a: number): number => {
            let s = 0;
            for (let d = 0; d < 256; d++) if (maskHas(qm, d) && !free.has(cellIndex(a, d))) s += w[cellIndex(a, d)];
            return s * 1024 + 1;
          };
          const wd = (d: number): number => {
            let s = 0;
            for (let a = 0; a < 256; a++) if (maskHas(am, a) && !free.has(cellIndex(a, d))) s += w[cellIndex(a, d)];
            return s * 1024 + 1;
          };
          const c = hostFreeingCover(host, am, qm, cells);
          expect(isCover(hostCells, c.adapters, c.domains)).toBe(true);
          expect(c.weight).toBe(bruteForce(hostCells, wa, wd));
        }
      ),
      { numRuns: 200 }
    );
  });
});
