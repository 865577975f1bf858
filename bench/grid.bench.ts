/**
 * Grid drawing benchmark (issue 5 item 6): on the `full` scenario (256 x 256
 * queues, 64 mdevs) in headless Debian Chromium, a full repaint of all layers
 * and one drag-preview frame with the renderer's real drawing modules, beside
 * a baseline that draws the same layers as DOM cells. Prints medians and ratios.
 *
 *   npx tsx bench/grid.bench.ts
 *
 * Targets: full repaint <= 10 ms, drag-preview frame <= 4 ms, each >= 20x
 * faster than the DOM baseline. Cell size 4 CSS px, device pixel ratio 1.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/helpers/chromium';
import { scenarioHost } from '../test/unit/rendererFixtures';

const FULL_RUNS = 21;
const dir = mkdtempSync(join(tmpdir(), 'apm-gridbench-'));

console.log('building the full scenario snapshot (kernel model -> dump -> HostState)…');
writeFileSync(join(dir, 'host.json'), JSON.stringify(scenarioHost('full')));
await build({
  entryPoints: [join(import.meta.dirname, 'gridBenchPage.ts')],
  bundle: true,
  format: 'iife',
  target: 'es2022',
  outfile: join(dir, 'page.js'),
  logLevel: 'warning'
});
writeFileSync(
  join(dir, 'index.html'),
  `<!doctype html><meta charset="utf-8"><style>body{margin:0} .conflict{background-image:repeating-linear-gradient(135deg,#c8102e 0 1px,transparent 1px 3px)}</style>
<div id="canvas-plane" style="position:relative"></div><div id="dom-plane"></div><script src="page.js"></script>`
);

const server = createServer(async (req, res) => {
  const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
  try {
    const body = await readFile(join(dir, name.replace(/[^a-z.]/g, '')));
    res.writeHead(200, {
      'Content-Type': name.endsWith('.js') ? 'text/javascript' : name.endsWith('.json') ? 'application/json' : 'text/html'
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  type Bench = {
    setup(): Promise<{ mdevs: number; queues: number; conflicts: number; frames: number; gainedPerFrame: number }>;
    canvasFull(n: number): number[];
    canvasFullHatched(n: number): number[];
    canvasDrag(): { draw: number[]; plan: number[] };
    domBuild(): number;
    domFull(n: number): number[];
    domDrag(): number[];
  };
  const info = await page.evaluate(() => (window as unknown as { gridBench: Bench }).gridBench.setup());
  console.log(
    `scenario full: ${info.queues} queues, ${info.mdevs} mdevs, ${info.conflicts} conflict cells; drag of ${info.frames} frames, median ${info.gainedPerFrame} queues gained per preview`
  );
  const r = await page.evaluate((n) => {
    const b = (window as unknown as { gridBench: Bench }).gridBench;
    b.canvasFull(3); // warm-up
    const canvasFull = b.canvasFull(n);
    b.canvasFullHatched(2);
    const canvasHatched = b.canvasFullHatched(n);
    b.canvasDrag();
    const canvasDrag = b.canvasDrag();
    const domBuild = b.domBuild();
    b.domFull(2);
    const domFull = b.domFull(n);
    b.domDrag();
    const domDrag = b.domDrag();
    return { canvasFull, canvasHatched, canvasDrag, domBuild, domFull, domDrag };
  }, FULL_RUNS);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const f = (x: number) => x.toFixed(2).padStart(8);
  const cf = med(r.canvasFull),
    df = med(r.domFull);
  const cd = med(r.canvasDrag.draw),
    dd = med(r.domDrag),
    pl = med(r.canvasDrag.plan);
  console.log('');
  console.log('case                                   baseline DOM (ms)  canvas (ms)   ratio   target');
  console.log(`full repaint, all layers             ${f(df)}          ${f(cf)}   ${(df / cf).toFixed(1).padStart(6)}x   <= 10 ms, >= 20x`);
  const ch = med(r.canvasHatched);
  console.log(
    `full repaint, 8,192 cells hatched    ${f(df)}          ${f(ch)}   ${(df / ch).toFixed(1).padStart(6)}x   (conflict hatch pass included)`
  );
  console.log(`drag-preview frame (drawing)         ${f(dd)}          ${f(cd)}   ${(dd / cd).toFixed(1).padStart(6)}x   <= 4 ms, >= 20x`);
  console.log(
    `drag-preview frame (planner + draw)  ${f(dd + pl)}          ${f(cd + pl)}   ${((dd + pl) / (cd + pl)).toFixed(1).padStart(6)}x   (planner ${pl.toFixed(2)} ms, same for both)`
  );
  console.log(`DOM baseline: building the 65,536 cells once took ${r.domBuild.toFixed(0)} ms (not counted above)`);
  console.log(
    `medians of ${FULL_RUNS} full repaints and ${r.domDrag.length} drag frames; canvas times include a raster flush (getImageData), DOM times a forced style + layout`
  );
  const ok = cf <= 10 && ch <= 10 && cd <= 4 && df / cf >= 20 && df / ch >= 20 && dd / cd >= 20;
  console.log(ok ? 'targets met' : 'targets NOT met');
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
