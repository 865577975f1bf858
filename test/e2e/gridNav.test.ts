/**
 * Finding your way in the 256 x 256 `full` host, in Debian Chromium through
 * the real bridge, router and engine: a zoom keeps the place you looked at
 * (toolbar: the centre or the cursor; Ctrl+wheel: the cell under the pointer),
 * side-by-side grids share one scroll position and the zoom the label says,
 * and the overview shows every cell in the grid's colours and moves the view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cellPoint, openApp, type OpenApp } from '../helpers/browser';
import { waitForHost } from './flows';

interface Visible {
  adapters: [number, number];
  domains: [number, number];
  cellPx: number;
}

let app: OpenApp;

function visible(page: Page, level?: string): Promise<Visible | null> {
  return page.evaluate((l) => (window as unknown as { __apmatrixTest: { visibleIds(l?: string): Visible | null } }).__apmatrixTest.visibleIds(l), level);
}

const mid = (r: [number, number]) => (r[0] + r[1]) / 2;

async function zoomTo(page: Page, px: number): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const now = parseInt((await page.getByTestId('zoom-value').textContent()) ?? '0', 10);
    if (now === px) return;
    await page.getByTestId(now < px ? 'zoom-in' : 'zoom-out').click();
  }
  throw new Error(`could not reach ${px} px`);
}

beforeAll(async () => {
  app = await openApp({ viewport: { width: 1440, height: 900 } });
  await waitForHost(app.page);
  await app.page.getByTestId('scenario-full').click();
  await waitForHost(app.page, /full/);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('zoom and scroll on the full host', { timeout: 90_000 }, () => {
  it('zooming 4 -> 16 px with the toolbar keeps the adapters in view that were in the middle', async () => {
    const { page } = app;
    await zoomTo(page, 4);
    // scroll to the bottom of the matrix: the last adapters are in view
    await page.locator('.grid-scroll').first().evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await visible(page))!.adapters[1]).toBe(0xff);
    const before = (await visible(page))!;
    expect(before.adapters[0]).toBeGreaterThan(0x40);
    await zoomTo(page, 16);
    await expect.poll(async () => (await visible(page))!.cellPx).toBe(16);
    const after = (await visible(page))!;
    // the view centre stays on the same adapter and domain (today the view jumps to adapters 27-3f)
    expect(Math.abs(mid(after.adapters) - mid(before.adapters))).toBeLessThanOrEqual(2);
    expect(Math.abs(mid(after.domains) - mid(before.domains))).toBeLessThanOrEqual(2);
  });

  it('Ctrl+wheel zooms around the cell under the pointer', async () => {
    const { page } = app;
    await zoomTo(page, 6);
    const p = await cellPoint(page, 0xb3, 0x91);
    await page.mouse.move(p.x, p.y);
    await expect.poll(() => page.getByTestId('hover-card').textContent()).toMatch(/b3\.0091/);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -120);
    await page.keyboard.up('Control');
    await expect.poll(async () => (await visible(page))!.cellPx).toBe(8);
    // nudge the pointer by a pixel so the grid hit-tests again at the new zoom
    await page.mouse.move(p.x + 1, p.y);
    await expect.poll(() => page.getByTestId('hover-card').textContent()).toMatch(/b3\.0091/);
  });

  it('side by side: every grid shows the zoom of the label and the same scroll position', async () => {
    const { page } = app;
    await zoomTo(page, 8);
    await page.getByTestId('view-side').click();
    await page.getByTestId('grid-canvas-lpar').waitFor();
    await cellPoint(page, 0xc0, 0xa0);
    const main = (await visible(page))!;
    expect(main.cellPx).toBe(8);
    await expect
      .poll(async () => {
        const all = await Promise.all(['lpar', 'host', 'guest'].map((l) => visible(page, l)));
        return all.map((v) => v && [v.cellPx, v.adapters[0], v.domains[0]]);
      })
      .toEqual([0, 1, 2].map(() => [8, main.adapters[0], main.domains[0]]));
    // scrolling one of them moves the others
    await page.locator('.grid-scroll').first().evaluate((el) => (el.scrollTop = 0));
    await expect.poll(async () => (await visible(page))!.adapters[0]).toBe(0);
    await app.shot('gridnav-side-by-side-full');
    await page.getByTestId('view-stacked').click();
  });
});

/** RGBA of one CSS pixel of a canvas (its backing store scaled by the device pixel ratio). */
function pixel(page: Page, testId: string, x: number, y: number, base: string): Promise<number[]> {
  return page.evaluate(
    ([id, px, py, sel]) => {
      const top = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement;
      const c = top.parentElement!.querySelector(sel) as HTMLCanvasElement;
      const k = c.width / c.getBoundingClientRect().width;
      return [...c.getContext('2d')!.getImageData(Math.floor(px * k), Math.floor(py * k), 1, 1).data];
    },
    [testId, x, y, base] as const
  );
}

describe('the overview of the full host', { timeout: 90_000 }, () => {
  it('shows all 65,536 cells in the colours the grid draws', async () => {
    const { page } = app;
    await zoomTo(page, 8);
    const box = (await page.getByTestId('overview').boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([256, 256]);
    for (const [a, d] of [
      [0x00, 0x00],
      [0x40, 0x10],
      [0x9c, 0xc8],
      [0xff, 0xff]
    ]) {
      await cellPoint(page, a, d);
      const grid = (await page.getByTestId('grid-canvas').boundingBox())!;
      const g = await page.evaluate(([aa, dd]) => (window as unknown as { __apmatrixTest: { cellToClient(a: number, d: number): { x: number; y: number } } }).__apmatrixTest.cellToClient(aa, dd), [a, d] as const);
      const gridColour = await pixel(page, 'grid-canvas', g.x - grid.x, g.y - grid.y, '.grid-base');
      const overviewColour = await pixel(page, 'overview', d + 0.5, a + 0.5, '.overview-base');
      expect(overviewColour, `cell ${a.toString(16)}.${d.toString(16)}`).toEqual(gridColour);
    }
  });

  it('marks the part the grid shows, and a click or a drag in it moves the grid there', async () => {
    const { page } = app;
    await zoomTo(page, 12);
    const box = (await page.getByTestId('overview').boundingBox())!;
    await page.mouse.click(box.x + 0xe0, box.y + 0x30);
    await expect.poll(async () => Math.round(mid((await visible(page))!.domains) / 8)).toBe(Math.round(0xe0 / 8));
    expect(Math.abs(mid((await visible(page))!.adapters) - 0x30)).toBeLessThanOrEqual(3);
    // the rectangle follows
    const view = (await page.getByTestId('overview').getAttribute('data-view'))!.split(',').map(Number);
    const v = (await visible(page))!;
    expect(Math.abs(view[0]! - v.domains[0])).toBeLessThanOrEqual(1);
    expect(Math.abs(view[1]! - v.adapters[0])).toBeLessThanOrEqual(1);
    // drag from there toward the bottom left
    await page.mouse.move(box.x + 0xe0, box.y + 0x30);
    await page.mouse.down();
    await page.mouse.move(box.x + 0x40, box.y + 0xd0, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => Math.abs(mid((await visible(page))!.adapters) - 0xd0) <= 3).toBe(true);
    expect(Math.abs(mid((await visible(page))!.domains) - 0x40)).toBeLessThanOrEqual(3);
    // scrolling the grid moves the rectangle
    await page.locator('.grid-scroll').first().evaluate((el) => (el.scrollTop = 0));
    await expect.poll(async () => (await page.getByTestId('overview').getAttribute('data-view'))!.split(',')[1]).toBe('0.0');
    await app.shot('gridnav-overview');
  });
});
