/**
 * Finding your way in the 256 x 256 `full` host, in Debian Chromium through
 * the real bridge, router and engine: a zoom keeps the place you looked at
 * (toolbar: the centre or the cursor; Ctrl+wheel: the cell under the pointer),
 * side-by-side grids share one scroll position and the zoom the label says,
 * the overview shows every cell in the grid's colours and moves the view,
 * the go-to box finds APQNs, adapters, domains, mdevs and guests, and a click
 * on a table row brings its cells into view, highlighted.
 */
import { describe, expect, it } from 'vitest';
import { appForFile, cellPoint } from '../helpers/browser';
import { clickCell, pickTarget, waitForVerdicts } from './flows';
import { GUEST10, highlight, home, mid, openFullHost, pixel, shows, visible, zoomTo } from './gridFlows';

const app = appForFile(() => openFullHost());

describe('zoom and scroll on the full host', { timeout: 90_000 }, () => {
  it('zooming 4 -> 16 px with the toolbar keeps the adapters in view that were in the middle', async () => {
    const { page } = app;
    await zoomTo(page, 4);
    // scroll to the bottom of the matrix: the last adapters are in view
    await page
      .locator('.grid-scroll')
      .first()
      .evaluate((el) => (el.scrollTop = el.scrollHeight));
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
    await page
      .locator('.grid-scroll')
      .first()
      .evaluate((el) => (el.scrollTop = 0));
    await expect.poll(async () => (await visible(page))!.adapters[0]).toBe(0);
    await app.shot('gridnav-side-by-side-full');
    await page.getByTestId('view-stacked').click();
  });
});

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
      const g = await page.evaluate(
        ([aa, dd]) =>
          (
            window as unknown as { __apmatrixTest: { cellToClient(a: number, d: number): { x: number; y: number } } }
          ).__apmatrixTest.cellToClient(aa, dd),
        [a, d] as const
      );
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
    // (drawn in the next animation frame)
    await expect
      .poll(async () => {
        const view = (await page.getByTestId('overview').getAttribute('data-view'))!.split(',').map(Number);
        const v = (await visible(page))!;
        return Math.abs(view[0]! - v.domains[0]) <= 1 && Math.abs(view[1]! - v.adapters[0]) <= 1;
      })
      .toBe(true);
    // drag from there toward the bottom left
    await page.mouse.move(box.x + 0xe0, box.y + 0x30);
    await page.mouse.down();
    await page.mouse.move(box.x + 0x40, box.y + 0xd0, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => Math.abs(mid((await visible(page))!.adapters) - 0xd0) <= 3).toBe(true);
    expect(Math.abs(mid((await visible(page))!.domains) - 0x40)).toBeLessThanOrEqual(3);
    // scrolling the grid moves the rectangle
    await page
      .locator('.grid-scroll')
      .first()
      .evaluate((el) => (el.scrollTop = 0));
    await expect.poll(async () => (await page.getByTestId('overview').getAttribute('data-view'))!.split(',')[1]).toBe('0.0');
    await app.shot('gridnav-overview');
  });
});

describe('go to a place, and table rows that show their cells', { timeout: 90_000 }, () => {
  it('Ctrl+G goes to an APQN, highlights it and puts the cursor there', async () => {
    const { page } = app;
    await zoomTo(page, 12);
    await home(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+g');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('goto-input');
    await page.keyboard.type('c7.00e3');
    await page.keyboard.press('Enter');
    await expect.poll(() => shows(page, 0xc7, 0xe3)).toBe(true);
    expect(await highlight(page)).toEqual([0xc7e3]);
    await expect.poll(() => page.getByTestId('hover-card').textContent()).toMatch(/c7\.00e3/);
    await app.shot('gridnav-goto-apqn');
  });

  it('Ctrl+K goes to a guest by name, an mdev by UUID, an adapter and a domain; nonsense is answered in words', async () => {
    const { page } = app;
    await home(page);
    await page.keyboard.press('Control+k');
    await page.getByTestId('goto-input').fill('guest10');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await highlight(page)).length).toBe(8);
    expect(await shows(page, 0x94, 0x28)).toBe(true);
    expect(await shows(page, 0x95, 0x2b)).toBe(true);
    await page.getByTestId('goto-input').fill('00000000-0000-4000-8000-00000000000b');
    await page.keyboard.press('Enter');
    await expect.poll(() => shows(page, 0x96, 0x2c)).toBe(true);
    await page.getByTestId('goto-input').fill('d00f0');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await highlight(page)).length).toBe(256);
    expect((await visible(page))!.domains[0]).toBeLessThanOrEqual(0xf0);
    expect((await visible(page))!.domains[1]).toBeGreaterThanOrEqual(0xf0);
    await page.getByTestId('goto-input').fill('nosuchguest');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('goto-message').textContent()).toMatch(/Nothing is called "nosuchguest"/);
  });

  it('a click on an mdev row, a queue row or a finding brings its cells into view, highlighted', async () => {
    const { page } = app;
    await home(page);
    await page.getByTestId('tab-mdevs').click();
    await page.getByTestId('mdev-row').filter({ hasText: 'guest20' }).click();
    // guest20: adapters a8-a9, domains 0050-0053
    await expect.poll(() => shows(page, 0xa8, 0x50)).toBe(true);
    expect((await highlight(page)).length).toBe(8);
    await home(page);
    await page.getByTestId('tab-queues').click();
    await page.getByTestId('queue-filter').fill('e0.00f0');
    await page.getByTestId('queue-row').filter({ hasText: 'e0.00f0' }).first().click();
    await expect.poll(() => shows(page, 0xe0, 0xf0)).toBe(true);
    expect(await highlight(page)).toEqual([0xe0f0]);
    await home(page);
    await page.getByTestId('tab-findings').click();
    await page.getByTestId('finding').first().click();
    await expect.poll(async () => (await highlight(page)).length).toBeGreaterThan(0);
    const first = (await highlight(page))[0]!;
    await expect.poll(() => shows(page, first >> 8, first & 255)).toBe(true);
  });

  it('a click on a plan step brings the queues it changes into view', async () => {
    const { page } = app;
    await pickTarget(page, GUEST10);
    await clickCell(page, 0x94, 0x2c);
    if ((await page.getByTestId('commit-selection').isEnabled()) && (await page.getByTestId('plan-op').count()) === 0)
      await page.getByTestId('commit-selection').click();
    await waitForVerdicts(page, { moreThan: 0 });
    await home(page);
    await page.getByTestId('tab-plan').click();
    await page
      .getByTestId('plan-op')
      .filter({ hasText: /assign.*domain.*0x002c|002c/i })
      .first()
      .click();
    await expect.poll(() => shows(page, 0x94, 0x2c)).toBe(true);
    expect(await highlight(page)).toContain(0x942c);
    await app.shot('gridnav-plan-row');
    expect(app.errors).toEqual([]);
  });
});
