/**
 * The grid on the `full` host by keyboard and for screen readers, and what it
 * draws, in Debian Chromium through the real bridge, router and engine: the
 * grid is a tab stop with a visible focus, a keyboard cursor the view follows,
 * an accessible name and a live text; the hover card follows scrolling;
 * Ctrl+Shift+L switches the theme; the split bar and folding panels give the
 * grid room; refused cells are framed with every reason readable; the legend
 * shows the colours drawn. Also photographs the full host.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appForFile, cellPoint } from '../helpers/browser';
import { clickCell, dragCellsHeld, pickTarget, waitForVerdicts } from './flows';
import { activeTestId, cardApqn, GUEST10, openFullHost, pixel, rgbaOf, shows, visible, zoomTo } from './gridFlows';

const app = appForFile(() => openFullHost());

describe('keyboard and accessibility', { timeout: 90_000 }, () => {
  it('Tab reaches the grid and shows its focus; the canvas has a name and a live description', async () => {
    const { page } = app;
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    let presses = 0;
    while ((await activeTestId(page)) !== 'grid-canvas' && presses < 80) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(await activeTestId(page)).toBe('grid-canvas');
    expect(await page.evaluate(() => document.activeElement!.matches(':focus-visible'))).toBe(true);
    const grid = page.getByTestId('grid-canvas');
    expect(await grid.getAttribute('aria-label')).toMatch(/adapters.*domains/);
    expect(await grid.getAttribute('aria-describedby')).toBe('grid-live');
    expect(await page.locator('#grid-live').getAttribute('aria-live')).toBe('polite');
    await app.shot('gridnav-grid-focus');
  });

  it('arrow keys move a visible cursor, the view follows it, and the live text and hover card tell its queue', async () => {
    const { page } = app;
    await zoomTo(page, 12);
    await page.keyboard.press('Control+g');
    await page.getByTestId('goto-input').fill('40.0040');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await activeTestId(page)).toBe('grid-canvas');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('grid-live').textContent()).toMatch(/Queue 41\.0042/);
    expect(await cardApqn(page)).toBe('41.0042');
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('grid-live').textContent()).toMatch(/Queue 7d\.0042/);
    expect(await shows(page, 0x7d, 0x42)).toBe(true);
  });

  it('the hover card follows when the grid scrolls under a still pointer', async () => {
    const { page } = app;
    const p = await cellPoint(page, 0x60, 0x50);
    await page.mouse.move(p.x, p.y);
    await expect.poll(() => cardApqn(page)).toBe('60.0050');
    await page.mouse.wheel(0, 240);
    await expect.poll(() => cardApqn(page)).not.toBe('60.0050');
    const afterScroll = await cardApqn(page);
    await page.mouse.move(p.x + 1, p.y);
    await page.waitForTimeout(100);
    expect(await cardApqn(page)).toBe(afterScroll);
  });

  it('Ctrl+Shift+L switches the theme in browser mode', async () => {
    const { page } = app;
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const before = await theme();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+L');
    await expect.poll(theme).not.toBe(before);
    await app.shot('gridnav-theme-shortcut');
    await page.keyboard.press('Control+Shift+L');
    await expect.poll(theme).toBe(before);
    expect(app.errors).toEqual([]);
  });
});

describe('room for the grid', { timeout: 90_000 }, () => {
  const size = (page: Page, sel: string) =>
    page
      .locator(sel)
      .first()
      .evaluate((el) => ({ w: el.getBoundingClientRect().width, h: el.getBoundingClientRect().height }));

  it('dragging the bar between grid and tables gives the grid the height; arrow keys on the bar do too', async () => {
    const { page } = app;
    const g0 = await size(page, '.grid-scroll');
    const t0 = await size(page, '.tabs-wrap');
    const bar = (await page.getByTestId('split-bar').boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2 - 100, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width / 2 - 100, bar.y + bar.height / 2 + 150, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await size(page, '.grid-scroll')).h - g0.h)).toBeGreaterThanOrEqual(146);
    expect(Math.round(t0.h - (await size(page, '.tabs-wrap')).h)).toBeGreaterThanOrEqual(146);
    // the viewport the overview marks grew with it
    const v = (await visible(page))!;
    expect(v.adapters[1] - v.adapters[0]).toBeGreaterThan(Math.floor(g0.h / v.cellPx));
    await page.getByTestId('split-bar').focus();
    const t1 = await size(page, '.tabs-wrap');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => Math.round((await size(page, '.tabs-wrap')).h - t1.h)).toBe(40);
  });

  it('the side panels fold away so the grid takes the width', async () => {
    const { page } = app;
    const g0 = await size(page, '.grid-scroll');
    await page.getByTestId('toggle-sidebar').click();
    await page.getByTestId('toggle-card').click();
    await expect.poll(async () => (await size(page, '.grid-scroll')).w - g0.w).toBeGreaterThan(500);
    expect(await page.getByTestId('overview').isVisible()).toBe(false);
    await app.shot('gridnav-grid-maximised');
    await page.getByTestId('toggle-sidebar').click();
    await page.getByTestId('toggle-card').click();
    await expect.poll(() => page.getByTestId('overview').isVisible()).toBe(true);
    expect(app.errors).toEqual([]);
  });
});

describe('what the grid draws says what it means', { timeout: 90_000 }, () => {
  it('refused parts of a selection are framed on the grid and every reason is readable in full', async () => {
    const { page } = app;
    if (await page.getByTestId('clear-plan').isEnabled()) await page.getByTestId('clear-plan').click();
    await pickTarget(page, GUEST10);
    await page.getByTestId('action-add').click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await zoomTo(page, 12);
    // guest00 holds 80-81 x 0000-0003: guest10 may not take them
    await dragCellsHeld(page, [0x80, 0x00], [0x81, 0x03]);
    await page.mouse.up();
    await page.mouse.move(5, 5);
    const refused = async () =>
      (await page.evaluate(() => (window as unknown as { __apmatrixTest: { refused(): number[] } }).__apmatrixTest.refused())).sort(
        (a, b) => a - b
      );
    await expect.poll(refused).toEqual([0x8000, 0x8001, 0x8002, 0x8003, 0x8100, 0x8101, 0x8102, 0x8103]);
    const note = page.getByTestId('refusal-full');
    await expect.poll(() => note.textContent()).toMatch(/belong to .*guest00.*refused, since a queue may belong to one mdev only.*\./);
    expect(await note.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    // the frame: the left edge of 81.0002 is drawn in the conflict colour
    const c = await cellPoint(page, 0x81, 0x02);
    const grid = (await page.getByTestId('grid-canvas').boundingBox())!;
    const edge = await pixel(page, 'grid-canvas', c.x - grid.x - 5.5, c.y - grid.y, '.grid-overlay');
    expect(edge.slice(0, 3)).toEqual([200, 16, 46]);
    await app.shot('gridnav-refused-framed');
    await page.getByTestId('clear-selection').click();
  });

  it('the legend shows the colour a planned freed cell is drawn in, unlike an offline card', async () => {
    const { page } = app;
    await page.getByTestId('target-picker').selectOption('host');
    await page.getByTestId('action-remove').click();
    await clickCell(page, 0x10, 0x10);
    if ((await page.getByTestId('commit-selection').isEnabled()) && (await page.getByTestId('plan-op').count()) === 0)
      await page.getByTestId('commit-selection').click();
    await waitForVerdicts(page, { moreThan: 0 });
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    // 10.0010 is freed: the base shows the pool, the overlay the planned loss
    const c = await cellPoint(page, 0x10, 0x10);
    const grid = (await page.getByTestId('grid-canvas').boundingBox())!;
    const base = await pixel(page, 'grid-canvas', c.x - grid.x, c.y - grid.y, '.grid-base');
    const ov = await pixel(page, 'grid-canvas', c.x - grid.x, c.y - grid.y, '.grid-overlay');
    const a = ov[3]! / 255;
    const drawn = [0, 1, 2].map((i) => ov[i]! * a + base[i]! * (1 - a));
    const swatch = page.locator('[data-testid="legend-swatch"][data-label="planned: lost or freed"]');
    const bg = (await swatch.getAttribute('style'))!;
    const [r, g, b, al] = rgbaOf(bg);
    const pool = rgbaOf([...bg.matchAll(/rgba?\([^)]+\)/g)].pop()![0]);
    const shown = [r!, g!, b!].map((v, i) => v * al! + pool[i]! * (1 - al!));
    drawn.forEach((v, i) => expect(Math.abs(v - shown[i]!)).toBeLessThanOrEqual(3));
    // and it is not the pale pink of a card that is offline
    const down = rgbaOf(
      (await page.locator('[data-testid="legend-swatch"][data-label="card offline or deconfigured"]').getAttribute('style'))!
    );
    expect(Math.max(...drawn.map((v, i) => Math.abs(v - down[i]!)))).toBeGreaterThan(40);
    await app.shot('gridnav-legend-planned');
    expect(app.errors).toEqual([]);
  });
});

describe('pictures of the full host', { timeout: 90_000 }, () => {
  it('stacked and side by side, light and dark', async () => {
    const { page } = app;
    if (await page.getByTestId('clear-plan').isEnabled()) await page.getByTestId('clear-plan').click();
    await zoomTo(page, 8);
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    for (const want of ['light', 'dark']) {
      if ((await theme()) !== want) await page.getByTestId('theme-toggle').click();
      await expect.poll(theme).toBe(want);
      await page.getByTestId('view-stacked').click();
      await app.shot(`gridnav-full-stacked-${want}`);
      await page.getByTestId('view-side').click();
      await page.getByTestId('grid-canvas-lpar').waitFor();
      await app.shot(`gridnav-full-side-${want}`);
    }
    await page.getByTestId('view-stacked').click();
    await page.getByTestId('theme-toggle').click();
    expect(app.errors).toEqual([]);
  });
});
