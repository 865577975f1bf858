/**
 * Steps and readings shared by the grid navigation tests (gridNav, gridA11y):
 * what the grid shows, zoom by the toolbar, a canvas pixel, the highlight,
 * the focused element, the hover card's queue. All through the renderer's
 * test hook (window.__apmatrixTest) and data-testids.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { openApp, type OpenApp, type OpenAppOptions } from '../helpers/browser';
import { waitForHost } from './flows';

export interface Visible {
  adapters: [number, number];
  domains: [number, number];
  cellPx: number;
}

export function visible(page: Page, level?: string): Promise<Visible | null> {
  return page.evaluate(
    (l) => (window as unknown as { __apmatrixTest: { visibleIds(l?: string): Visible | null } }).__apmatrixTest.visibleIds(l),
    level
  );
}

export const mid = (r: [number, number]) => (r[0] + r[1]) / 2;

export async function zoomTo(page: Page, px: number): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const now = parseInt((await page.getByTestId('zoom-value').textContent()) ?? '0', 10);
    if (now === px) return;
    await page.getByTestId(now < px ? 'zoom-in' : 'zoom-out').click();
  }
  throw new Error(`could not reach ${px} px`);
}

/** RGBA of one CSS pixel of a canvas (its backing store scaled by the device pixel ratio). */
export function pixel(page: Page, testId: string, x: number, y: number, base: string): Promise<number[]> {
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

export function highlight(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __apmatrixTest: { highlight(): number[] } }).__apmatrixTest.highlight());
}

export async function shows(page: Page, a: number, d: number): Promise<boolean> {
  const v = (await visible(page))!;
  return v.adapters[0] <= a && a <= v.adapters[1] && v.domains[0] <= d && d <= v.domains[1];
}

/** Scrolls the grid to its top-left corner, far from what the next step looks for. */
export async function home(page: Page): Promise<void> {
  await page
    .locator('.grid-scroll')
    .first()
    .evaluate((el) => el.scrollTo(0, 0));
  await expect.poll(async () => (await visible(page))!.adapters[0]).toBe(0);
}

export const GUEST10 = '00000000-0000-4000-8000-00000000000a';

export const activeTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
export const cardApqn = async (page: Page) =>
  /Queue\s*([0-9a-f]{2}\.[0-9a-f]{4})/.exec((await page.getByTestId('hover-card').textContent()) ?? '')?.[1] ?? null;

export const rgbaOf = (text: string) => /rgba?\(([^)]+)\)/.exec(text)![1]!.split(',').map(Number);

/** The app on the `full` host (65,536 queues) at 1440 x 900 (unless `opts` say otherwise). */
export async function openFullHost(opts: OpenAppOptions = {}): Promise<OpenApp> {
  const app = await openApp({ viewport: { width: 1440, height: 900 }, ...opts });
  await waitForHost(app.page);
  await app.page.getByTestId('scenario-full').click();
  await waitForHost(app.page, /full/);
  return app;
}
