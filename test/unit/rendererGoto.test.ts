import { describe, expect, it } from 'vitest';
import { cellIndex } from '../../shared/ap';
import { indexHost } from '../../renderer/src/model/hostIndex';
import { resolveGoto } from '../../renderer/src/grid/gotoQuery';
import { nextZoom, zoomAnchor } from '../../renderer/src/grid/zoomAnchor';
import { fullAxes } from '../../renderer/src/model/axes';
import { scenarioHost } from './rendererFixtures';

const ix = indexHost(scenarioHost('demo'));
const GUEST2 = 'cef03c3c-903d-4ecc-9a83-40694cb8aee4';

const cellsOf = (q: string) => {
  const r = resolveGoto(q, ix);
  if (!r.ok) throw new Error(r.message);
  return r.cells;
};

describe('the go-to query', () => {
  it('reads an APQN, an adapter and a domain in their usual spellings', () => {
    expect(cellsOf('05.0047')).toEqual([cellIndex(5, 0x47)]);
    expect(cellsOf('0x05.0x47')).toEqual([cellIndex(5, 0x47)]);
    for (const q of ['a05', 'adapter 05', '05', '5']) expect(cellsOf(q)).toHaveLength(256);
    expect(cellsOf('a05').every((c) => c >> 8 === 5)).toBe(true);
    for (const q of ['d47', 'domain 0x47', '.0047', '0047']) expect(cellsOf(q).every((c) => (c & 255) === 0x47)).toBe(true);
  });

  it('finds an mdev by UUID, UUID prefix or guest name, and stands for its matrix', () => {
    const m = ix.mdevByUuid.get(GUEST2)!;
    for (const q of [GUEST2, 'cef03c3c', 'Guest2', 'guest2']) {
      const cells = cellsOf(q);
      expect(cells).toContain(cellIndex(5, 0x47));
      expect(cells.length).toBe(m.apm.reduce((n, b) => n + popcount(b), 0) * m.aqm.reduce((n, b) => n + popcount(b), 0));
    }
  });

  it('says why when nothing or too much matches', () => {
    const none = resolveGoto('nosuchguest', ix);
    expect(none.ok).toBe(false);
    expect(!none.ok && none.message).toMatch(/Nothing is called "nosuchguest"/);
    const many = resolveGoto('Guest', ix);
    expect(!many.ok && many.message).toMatch(/mdevs match "Guest".*type more/);
    expect(!resolveGoto('05.0147', ix).ok).toBe(true);
  });
});

describe('the zoom anchor', () => {
  const axes = fullAxes();
  const viewport = { x: 10, y: 20, w: 400, h: 200, cell: 4 };
  it('is the cursor when it is in view, else the selection, else the centre', () => {
    expect(zoomAnchor({ viewport, axes, cursor: cellIndex(21, 15), cells: [] })).toEqual({ x: 22, y: 6 });
    expect(zoomAnchor({ viewport, axes, cursor: cellIndex(200, 200), cells: [cellIndex(30, 20)] })).toEqual({ x: 42, y: 42 });
    expect(zoomAnchor({ viewport, axes, cursor: -1, cells: [cellIndex(250, 250)] })).toEqual({ x: 200, y: 100 });
  });
  it('steps through the zoom levels', () => {
    expect(nextZoom(4, 1)).toBe(6);
    expect(nextZoom(5, -1)).toBe(4);
    expect(nextZoom(24, 1)).toBe(24);
  });
});

function popcount(b: number): number {
  let n = 0;
  for (; b; b &= b - 1) n++;
  return n;
}
