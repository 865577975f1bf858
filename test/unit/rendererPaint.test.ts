import { describe, expect, it } from 'vitest';
import { cellIndex, formatApqn } from '../../shared/ap';
import { compactAxes, fullAxes } from '../../renderer/src/model/axes';
import { indexHost } from '../../renderer/src/model/hostIndex';
import { LPAR_DOWN, LPAR_NONE, LPAR_USAGE, computeLayers } from '../../renderer/src/model/layers';
import { baseColour, fullRect, paintBase, paintConflicts } from '../../renderer/src/grid/paintLayers';
import { PALETTES, mdevColours } from '../../renderer/src/grid/palette';
import {
  buildOverlayCodes,
  cellsBounds,
  OV_DRAGGED_IN,
  OV_GAINED,
  OV_NONE,
  OV_SELECTED,
  overlayColours,
  paintOverlay
} from '../../renderer/src/grid/overlayCodes';
import { cellCentre, hitTest, hitTestClamped } from '../../renderer/src/grid/hitTest';
import { scenarioHost } from './rendererFixtures';

const host = scenarioHost('demo');
const ix = indexHost(host);
const layers = computeLayers(ix);
const visible = { lpar: true, host: true, mdevs: true, guest: true, conflicts: true };
const palette = PALETTES.light;
const colours = mdevColours(layers.mdevCount, 'light');

describe('layers of the demo host', () => {
  it('marks LPAR cells, host ownership and mdev owners as the snapshot says', () => {
    const g2 = ix.mdevs.findIndex((m) => m.guest?.name === 'Guest2');
    expect(g2).toBeGreaterThanOrEqual(0);
    // Guest2 holds 05.0047 (kernel documentation example)
    expect(layers.owner[cellIndex(0x05, 0x47)]).toBe(g2 + 1);
    expect(layers.lpar[cellIndex(0x05, 0x47)]).toBe(LPAR_USAGE);
    expect(layers.lpar[cellIndex(0xfe, 0x47)]).toBe(LPAR_NONE);
    for (const c of host.cards) {
      const down = !c.config || c.chkstop || c.online === false;
      const firstDomain = host.queues.find((q) => q.adapter === c.id)?.domain ?? 0;
      if (down) expect(layers.lpar[cellIndex(c.id, firstDomain)]).toBe(LPAR_DOWN);
    }
    // nothing that the host owns is also counted as free pool in the paint
    const c = host.queues.find((q) => q.driver === 'cex4queue')!;
    expect(layers.host[cellIndex(c.adapter, c.domain)]).toBe(1);
  });

  it('the guest layer is the guest_matrix product, a subset of the owner layer', () => {
    let bad = 0;
    for (let c = 0; c < 65536; c++) if (layers.guest[c] && !layers.owner[c]) bad++;
    expect(bad).toBe(0);
  });

  it('compact axes keep every used id and drop the others', () => {
    const ax = compactAxes([layers]);
    expect(ax.rows).toContain(0x05);
    expect(ax.cols).toContain(0x47);
    expect(ax.rows.length).toBeLessThan(256);
    for (const m of ix.mdevs) for (let a = 0; a < 256; a++) if (m.apm[a >> 3] & (0x80 >> (a & 7))) expect(ax.rowShown[a]).toBe(1);
  });
});

describe('painting into one-pixel-per-cell buffers', () => {
  it('paints each display pixel with the colour of its cell (stacked, full axes)', () => {
    const axes = fullAxes();
    const buf = new Uint32Array(256 * 256);
    const inp = { layers, axes, visible, level: 'stacked' as const, palette, colours };
    paintBase(buf, inp, fullRect(axes));
    const g2 = layers.owner[cellIndex(0x05, 0x47)];
    // a cell held by a guest mdev gets the mdev colour (full or dim), never the pool colour
    const px = buf[0x05 * 256 + 0x47];
    expect([colours.full[g2], colours.dim[g2]]).toContain(px);
    expect(buf[0xfe * 256 + 0x47]).toBe(palette.absent);
    expect(buf[cellIndex(0x05, 0x47)]).toBe(baseColour(inp, cellIndex(0x05, 0x47)));
  });

  it('the fast paint loop agrees with baseColour for every cell, level and layer combination', () => {
    const axes = fullAxes();
    const buf = new Uint32Array(65536);
    for (const level of ['stacked', 'lpar', 'host', 'mdevs', 'guest'] as const)
      for (let bits = 0; bits < 16; bits++) {
        const v = { lpar: !!(bits & 1), host: !!(bits & 2), mdevs: !!(bits & 4), guest: !!(bits & 8), conflicts: true };
        const inp = { layers, axes, visible: v, level, palette, colours };
        paintBase(buf, inp, fullRect(axes));
        let diff = 0;
        for (let c = 0; c < 65536; c++) if (buf[c] !== baseColour(inp, c)) diff++;
        expect(diff).toBe(0);
      }
  });

  it('paints only the dirty rectangle', () => {
    const axes = compactAxes([layers]);
    const w = axes.cols.length;
    const buf = new Uint32Array(w * axes.rows.length).fill(0x12345678);
    const r = { x0: 1, y0: 1, x1: 3, y1: 2 };
    paintBase(buf, { layers, axes, visible, level: 'stacked', palette, colours }, r);
    expect(buf[0]).toBe(0x12345678);
    expect(buf[1 * w + 0]).toBe(0x12345678);
    expect(buf[1 * w + 3]).toBe(0x12345678);
    expect(buf[1 * w + 1]).not.toBe(0x12345678);
    expect(buf[1 * w + 2]).not.toBe(0x12345678);
  });

  it('layer toggles change the paint: hiding mdevs shows the host/pool colour', () => {
    const c = cellIndex(0x05, 0x47);
    const shown = baseColour({ layers, axes: fullAxes(), visible, level: 'stacked', palette, colours }, c);
    const hidden = baseColour(
      { layers, axes: fullAxes(), visible: { ...visible, mdevs: false, guest: false }, level: 'stacked', palette, colours },
      c
    );
    expect(shown).not.toBe(hidden);
    expect([palette.pool, palette.host]).toContain(hidden);
  });

  it('the conflict image is opaque exactly on conflict cells, and its box bounds them', () => {
    const axes = fullAxes();
    const buf = new Uint32Array(65536);
    const box = paintConflicts(buf, layers, axes, true, 'stacked', fullRect(axes));
    let mismatches = 0;
    let x0 = 256,
      y0 = 256,
      x1 = -1,
      y1 = -1;
    for (let c = 0; c < 65536; c++) {
      if ((buf[c] !== 0) !== (layers.conflict[c] === 1)) mismatches++;
      if (layers.conflict[c]) {
        x0 = Math.min(x0, c & 255);
        x1 = Math.max(x1, c & 255);
        y0 = Math.min(y0, c >> 8);
        y1 = Math.max(y1, c >> 8);
      }
    }
    expect(mismatches).toBe(0);
    expect(x1).toBeGreaterThanOrEqual(0); // the demo host has a conflict (an mdev queue the host keeps)
    expect(box).toEqual({ x0, y0, x1: x1 + 1, y1: y1 + 1 });
    expect(paintConflicts(buf, layers, axes, false, 'stacked', fullRect(axes))).toBeNull();
    expect(buf.every((v) => v === 0)).toBe(true);
  });
});

describe('overlay codes', () => {
  it('preview codes win over selection, and clearing resets exactly the touched cells', () => {
    const codes = new Uint8Array(65536);
    const a = cellIndex(1, 2),
      b = cellIndex(1, 3),
      d = cellIndex(2, 2);
    const set = buildOverlayCodes(codes, { cells: [a, b], preview: { gained: [a, d], lost: [], draggedIn: [d] }, planDiff: null }, []);
    expect(codes[a]).toBe(OV_GAINED);
    expect(codes[b]).toBe(OV_SELECTED);
    expect(codes[d]).toBe(OV_DRAGGED_IN);
    expect(new Set(set)).toEqual(new Set([a, b, d]));
    const set2 = buildOverlayCodes(codes, { cells: [], preview: null, planDiff: null }, set);
    expect(set2).toEqual([]);
    expect(codes.every((v) => v === OV_NONE)).toBe(true);
  });

  it('bounds of marked cells in display space skip hidden ids', () => {
    const axes = compactAxes([layers]);
    const r = cellsBounds([cellIndex(0x05, 0x47), cellIndex(0x06, 0x04), cellIndex(0xfe, 0xfe)], axes);
    expect(r).toEqual({
      x0: Math.min(axes.colPos[0x47], axes.colPos[0x04]),
      y0: axes.rowPos[0x05],
      x1: Math.max(axes.colPos[0x47], axes.colPos[0x04]) + 1,
      y1: axes.rowPos[0x06] + 1
    });
  });

  it('paintOverlay writes the code colours', () => {
    const axes = fullAxes();
    const codes = new Uint8Array(65536);
    codes[cellIndex(3, 4)] = OV_GAINED;
    const buf = new Uint32Array(65536);
    const col = overlayColours(palette);
    paintOverlay(buf, codes, col, axes, fullRect(axes));
    expect(buf[3 * 256 + 4]).toBe(palette.overlay.gained);
    expect(buf[3 * 256 + 5]).toBe(0);
  });
});

describe('hit testing by arithmetic', () => {
  it('maps positions to cells and centres back, also with compact axes', () => {
    for (const axes of [fullAxes(), compactAxes([layers])]) {
      for (const [a, d] of [
        [0x05, 0x47],
        [0x06, 0x04],
        [axes.rows[0], axes.cols[axes.cols.length - 1]]
      ]) {
        const c = cellCentre(a, d, 7, axes)!;
        const h = hitTest(c.x, c.y, 7, axes)!;
        expect(formatApqn(h.adapter, h.domain)).toBe(formatApqn(a, d));
      }
      expect(hitTest(-1, 3, 7, axes)).toBeNull();
      expect(hitTest(3, axes.rows.length * 7, 7, axes)).toBeNull();
      expect(hitTestClamped(1e6, -50, 7, axes)).toMatchObject({ row: 0, col: axes.cols.length - 1 });
    }
  });
});
