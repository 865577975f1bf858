/**
 * Finding your way in the 256 x 256 `full` host, in Debian Chromium through
 * the real bridge, router and engine: a zoom keeps the place you looked at
 * (toolbar: the centre or the cursor; Ctrl+wheel: the cell under the pointer),
 * side-by-side grids share one scroll position and the zoom the label says,
 * the overview shows every cell in the grid's colours and moves the view,
 * the go-to box finds APQNs, adapters, domains, mdevs and guests, and a click
 * on a table row brings its cells into view, highlighted; the grid is a tab
 * stop with a visible focus, a keyboard cursor, an accessible name and a live
 * text; the hover card follows scrolling; Ctrl+Shift+L switches the theme.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cellPoint, openApp, type OpenApp } from '../helpers/browser';
import { clickCell, dragCellsHeld, pickTarget, waitForHost, waitForVerdicts } from './flows';

interface Visible {
  adapters: [number, number];
  domains: [number, number];
  cellPx: number;
}

let app: OpenApp;

function visible(page: Page, level?: string): Promise<Visible | null> {
  return page.evaluate(
    (l) => (window as unknown as { __apmatrixTest: { visibleIds(l?: string): Visible | null } }).__apmatrixTest.visibleIds(l),
    level
  );
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

function highlight(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __apmatrixTest: { highlight(): number[] } }).__apmatrixTest.highlight());
}

async function shows(page: Page, a: number, d: number): Promise<boolean> {
  const v = (await visible(page))!;
  return v.adapters[0] <= a && a <= v.adapters[1] && v.domains[0] <= d && d <= v.domains[1];
}

/** Scrolls the grid to its top-left corner, far from what the next step looks for. */
async function home(page: Page): Promise<void> {
  await page
    .locator('.grid-scroll')
    .first()
    .evaluate((el) => el.scrollTo(0, 0));
  await expect.poll(async () => (await visible(page))!.adapters[0]).toBe(0);
}

const GUEST10 = '00000000-0000-4000-8000-00000000000a';

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

const activeTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const cardApqn = async (page: Page) =>
  /Queue\s*([0-9a-f]{2}\.[0-9a-f]{4})/.exec((await page.getByTestId('hover-card').textContent()) ?? '')?.[1] ?? null;

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

const rgbaOf = (text: string) => /rgba?\(([^)]+)\)/.exec(text)![1]!.split(',').map(Number);

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
