/**
 * Finding your way in the 256 x 256 `full` host, in Debian Chromium through
 * the real bridge, router and engine: a zoom keeps the place you looked at
 * (toolbar: the centre or the cursor; Ctrl+wheel: the cell under the pointer),
 * and side-by-side grids share one scroll position and the zoom the label says.
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
