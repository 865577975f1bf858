/**
 * Zoom where the grid navigation and the visible-part canvases meet, on the
 * `full` host in Debian Chromium:
 * - on a HiDPI screen (2 device px per CSS px) every zoom step draws the size
 *   its label says: the canvases cover only the view (gridViewport.ts), so the
 *   old cap on a whole-grid backing store (8192 device px, which made 24 px
 *   draw as 16 px) no longer applies, and the canvases stay the size of the view;
 * - side by side, Ctrl+wheel over any of the four grids zooms around the
 *   cell under the pointer (the grids share one scroll position), not only
 *   over the main one.
 */
import { describe, expect, it } from 'vitest';
import { appForFile, cellPoint } from '../helpers/browser';
import { openFullHost, visible, zoomTo } from './gridFlows';

const app = appForFile(() => openFullHost({ deviceScaleFactor: 2 }));

/** The display row and column under client point (x, y) in the grid of `level`. */
function cellUnder(level: string, x: number, y: number) {
  return app.page.evaluate(
    ([l, px, py]) => {
      const canvas = document.querySelector(`[data-testid="grid-canvas${l === 'mdevs' ? '' : `-${l}`}"]`) as HTMLElement;
      const r = canvas.parentElement!.getBoundingClientRect();
      const cell = (window as unknown as { __apmatrixTest: { visibleIds(l: string): { cellPx: number } } }).__apmatrixTest.visibleIds(
        l
      ).cellPx;
      return { row: Math.floor((py - r.top) / cell), col: Math.floor((px - r.left) / cell) };
    },
    [level, x, y] as const
  );
}

describe('zoom on a HiDPI screen and over a side-by-side grid', { timeout: 90_000 }, () => {
  it('at 2 device px per CSS px, 24 px per cell draws 24 px cells in canvases the size of the view', async () => {
    const { page } = app;
    await zoomTo(page, 24);
    await expect.poll(async () => (await visible(page))!.cellPx).toBe(24);
    const s = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="grid-canvas"]') as HTMLCanvasElement;
      const scroll = c.closest('.grid-scroll') as HTMLElement;
      return {
        dpr: devicePixelRatio,
        c: [c.width, c.height],
        view: [scroll.clientWidth * devicePixelRatio, scroll.clientHeight * devicePixelRatio],
        plane: [c.parentElement!.offsetWidth, c.parentElement!.offsetHeight]
      };
    });
    expect(s.dpr).toBe(2);
    expect(s.plane).toEqual([256 * 24, 256 * 24]);
    expect(s.c[0]).toBeLessThanOrEqual(s.view[0]! + 2);
    expect(s.c[1]).toBeLessThanOrEqual(s.view[1]! + 2);
  });

  it('side by side, Ctrl+wheel over the LPAR grid keeps the cell under the pointer', async () => {
    const { page } = app;
    await zoomTo(page, 8);
    await page.getByTestId('view-side').click();
    await page.getByTestId('grid-canvas-lpar').waitFor();
    await cellPoint(page, 0x80, 0x80); // the shared scroll puts the middle of the matrix in every grid
    const box = (await page.getByTestId('grid-canvas-lpar').boundingBox())!;
    const scroller = (await page
      .getByTestId('grid-canvas-lpar')
      .evaluate((c) => c.closest('.grid-scroll')!.getBoundingClientRect().toJSON())) as DOMRect;
    // a point well inside the LPAR grid's visible part, away from its centre
    const p = { x: Math.max(box.x, scroller.x) + 150, y: Math.max(box.y, scroller.y) + 60 };
    const before = await cellUnder('lpar', p.x, p.y);
    await page.mouse.move(p.x, p.y);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -120);
    await page.keyboard.up('Control');
    await expect.poll(async () => (await visible(page, 'lpar'))!.cellPx).toBe(12);
    // scrolling is applied in the next frames
    await expect.poll(() => cellUnder('lpar', p.x, p.y), { timeout: 5_000 }).toEqual(before);
    await page.getByTestId('view-stacked').click();
  });
});
