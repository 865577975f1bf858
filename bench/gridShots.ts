/**
 * Screenshots of the built renderer through the real browser mode (router,
 * engine, demo host), for looking at the UI: `npx tsx bench/gridShots.ts [outDir]`.
 * Needs `npm run build:renderer` first. Not a benchmark: a visual check.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/helpers/chromium';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { installFakeApi } from './gridFakeApi';

const out = process.argv[2] ?? join(tmpdir(), 'apmatrix-shots');
mkdirSync(out, { recursive: true });

const staticDir = join(import.meta.dirname, '..', 'dist', 'renderer');
let bridge: { url: string; close(): Promise<void> };
let fake = false;
try {
  const { startBrowserMode } = await import('../electron/bridge/browserMode');
  bridge = await startBrowserMode({ staticDir });
} catch (e) {
  // the engine is not complete yet: serve the files and answer with the fake api
  console.log(`browser mode unavailable (${(e as Error).message.split('\n')[0]}); using the fake api`);
  fake = true;
  const srv = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(staticDir, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  bridge = { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`, close: () => new Promise((r) => srv.close(() => r())) };
}
const browser = await launchChromium();
try {
  for (const [name, viewport, dsf] of [
    ['100', { width: 1440, height: 900 }, 1],
    ['200', { width: 720, height: 450 }, 2]
  ] as const) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: dsf });
    if (fake) await installFakeApi(page);
    page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()} ${m.location().url}`));
    page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
    await page.goto(bridge.url);
    await page.waitForFunction(() => window.__apmatrixTest?.ready());
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `demo-${name}.png`) });
    if (name === '100') {
      const target = page.getByTestId('target-picker');
      const opts = await target.locator('option').allTextContents();
      console.log('targets:', opts.join(' | '));
      const guest2 = await target.locator('option', { hasText: 'Guest2' }).getAttribute('value');
      if (guest2) await target.selectOption(guest2);
      const p = await page.evaluate(() => window.__apmatrixTest!.cellToClient(0x05, 0x000a));
      if (p) await page.mouse.click(p.x, p.y);
      const a = await page.evaluate(() => window.__apmatrixTest!.cellToClient(0x05, 0x0008));
      const b = await page.evaluate(() => window.__apmatrixTest!.cellToClient(0x05, 0x0009));
      if (a && b) {
        await page.mouse.move(a.x, a.y);
        await page.mouse.down();
        await page.mouse.move(b.x, b.y, { steps: 5 });
        await page.mouse.up();
      }
      await page.mouse.move(a!.x, a!.y);
      await page.waitForTimeout(600);
      await page.screenshot({ path: join(out, 'drag-100.png') });
      await page.keyboard.press('Enter');
      await page.waitForTimeout(600);
      console.log('plan:', JSON.stringify(await page.evaluate(() => window.__apmatrixTest!.plan())).slice(0, 600));
      console.log('selection:', JSON.stringify(await page.evaluate(() => window.__apmatrixTest!.selection())).slice(0, 300));
      await page.screenshot({ path: join(out, 'edit-100.png') });
      await page.getByTestId('view-side').click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, 'side-100.png') });
      await page.getByTestId('view-stacked').click();
      await page.getByTestId('theme-toggle').click();
      await page.getByTestId('tab-findings').click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, 'dark-findings-100.png') });
      await page.getByTestId('export').click();
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(out, 'dark-export-100.png') });
      await page.getByTestId('apply').click();
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(out, 'dark-apply-confirm.png') });
      await page.getByTestId('apply-confirm').click();
      await page.getByTestId('apply-result').waitFor();
      await page.screenshot({ path: join(out, 'dark-apply-result.png') });
      await page.getByTestId('apply-close').click();
      await page.getByTestId('theme-toggle').click();
      await page.getByTestId('scenario-full').click();
      await page.waitForFunction(() => window.__apmatrixTest?.hostSource() === 'demo:full', undefined, { timeout: 30000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(out, 'full-100.png') });
    }
    await page.close();
  }
} finally {
  await browser.close();
  await bridge.close();
}
console.log(`screenshots in ${out}`);
