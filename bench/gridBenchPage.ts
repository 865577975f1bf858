/**
 * The benchmark page (bundled with esbuild by grid.bench.ts): the renderer's
 * real drawing modules (GridCanvas, paintLayers, overlayCodes) beside a
 * baseline that draws the same layers as one DOM cell per queue.
 *
 * Canvas times include a 1-pixel getImageData on each canvas, which forces the
 * pending canvas work to be rasterized; DOM times include a forced style and
 * layout (offsetHeight), but not the later paint (so the baseline is, if
 * anything, flattered).
 */
import type { HostState } from '../shared/host/hostState';
import { GridCanvas } from '../renderer/src/grid/gridCanvas';
import { fullAxes } from '../renderer/src/model/axes';
import { indexHost } from '../renderer/src/model/hostIndex';
import { computeLayers, type Layers } from '../renderer/src/model/layers';
import { baseColour, type BaseInput } from '../renderer/src/grid/paintLayers';
import { PALETTES, mdevColours } from '../renderer/src/grid/palette';
import { buildOverlayCodes, overlayColours } from '../renderer/src/grid/overlayCodes';
import { planSelection } from '../renderer/src/plan/planner';
import type { SelectionPreview } from '../renderer/src/plan/types';
import type { CellRect } from '../renderer/src/store/selectionSlice';

const CELL = 4;
const visible = { lpar: true, host: true, mdevs: true, guest: true, conflicts: true };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Frame {
  rect: CellRect;
  cells: number[];
  preview: SelectionPreview;
  planMs: number;
}

let layers: Layers;
let grid: GridCanvas;
let frames: Frame[] = [];
let inp: BaseInput;

function flushCanvas(): void {
  grid.base.getContext('2d')!.getImageData(0, 0, 1, 1);
  grid.overlay.getContext('2d')!.getImageData(0, 0, 1, 1);
}

function css(w: number): string {
  return `rgba(${w & 255},${(w >> 8) & 255},${(w >> 16) & 255},${((w >>> 24) / 255).toFixed(3)})`;
}

async function setup(): Promise<{ mdevs: number; queues: number; conflicts: number; frames: number; gainedPerFrame: number }> {
  const host = (await (await fetch('host.json')).json()) as HostState;
  const ix = indexHost(host);
  layers = computeLayers(ix);
  const axes = fullAxes();
  inp = { layers, axes, visible, level: 'stacked', palette: PALETTES.light, colours: mdevColours(layers.mdevCount, 'light') };
  const plane = document.getElementById('canvas-plane')!;
  const base = document.createElement('canvas');
  const overlay = document.createElement('canvas');
  overlay.style.position = 'absolute';
  overlay.style.left = overlay.style.top = '0';
  plane.append(base, overlay);
  grid = new GridCanvas(base, overlay, 1);
  grid.setBase({ layers, axes, visible, level: 'stacked', theme: 'light', cellPx: CELL });
  // a drag that grows a rectangle one cell at a time, previewed for the first mdev
  const target = { kind: 'mdev' as const, uuid: host.mdevs[0].uuid };
  frames = [];
  for (let k = 0; k < 40; k++) {
    const rect = { a0: 0x40, a1: 0x40 + (k >> 1), d0: 0x80, d1: 0x80 + k };
    const cells: number[] = [];
    for (let a = rect.a0; a <= rect.a1; a++) for (let d = rect.d0; d <= rect.d1; d++) cells.push((a << 8) | d);
    const t0 = performance.now();
    const r = planSelection(ix, { target, action: 'add', cells });
    frames.push({ rect, cells, preview: r.preview, planMs: performance.now() - t0 });
  }
  const conflicts = layers.conflict.reduce((s, v) => s + v, 0);
  return {
    mdevs: host.mdevs.length,
    queues: host.queues.length,
    conflicts,
    frames: frames.length,
    gainedPerFrame: median(frames.map((f) => f.preview.gained.length))
  };
}

function canvasFull(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    grid.setBase({ layers, axes: inp.axes, visible, level: 'stacked', theme: 'light', cellPx: CELL });
    flushCanvas();
    out.push(performance.now() - t0);
  }
  return out;
}

/** The full scenario has no conflicts; this variant hatches 8,192 cells (every 8th) to time the hatch pass too. */
function canvasFullHatched(n: number): number[] {
  const conflict = new Uint8Array(65536);
  for (let c = 0; c < 65536; c += 8) conflict[c] = 1;
  const hatched = { ...layers, conflict };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    grid.setBase({ layers: hatched, axes: inp.axes, visible, level: 'stacked', theme: 'light', cellPx: CELL });
    flushCanvas();
    out.push(performance.now() - t0);
  }
  grid.setBase({ layers, axes: inp.axes, visible, level: 'stacked', theme: 'light', cellPx: CELL });
  return out;
}

function canvasDrag(): { draw: number[]; plan: number[] } {
  const draw: number[] = [];
  for (const f of frames) {
    const t0 = performance.now();
    grid.setOverlay({ cells: f.cells, preview: f.preview, planDiff: null }, true);
    grid.setDecorations({ cursor: -1, hover: (f.rect.a1 << 8) | f.rect.d1, dragRect: f.rect });
    flushCanvas();
    draw.push(performance.now() - t0);
  }
  grid.setOverlay({ cells: [], preview: null, planDiff: null }, true);
  return { draw, plan: frames.map((f) => f.planMs) };
}

// ---- DOM baseline: one div per queue in a CSS grid, same colours, as classes ----
// (classes rather than inline styles: the cheapest way to restyle many DOM cells)
let cellsEl: HTMLDivElement[] = [];
let domRoot: HTMLDivElement;
let rectEl: HTMLDivElement;
let sheet: HTMLStyleElement;
const classOf = new Map<number, string>();

function cls(w: number): string {
  let c = classOf.get(w);
  if (!c) {
    c = `k${classOf.size}`;
    classOf.set(w, c);
    sheet.sheet!.insertRule(`#dom-plane > .${c} { background-color: ${css(w)} }`, sheet.sheet!.cssRules.length);
  }
  return c;
}

function domBuild(): number {
  const t0 = performance.now();
  sheet = document.createElement('style');
  document.head.append(sheet);
  const ov = overlayColours(PALETTES.light);
  for (let i = 1; i < ov.length; i++)
    sheet.sheet!.insertRule(
      `#dom-plane > .ov${i} { box-shadow: inset 0 0 0 4px ${css(ov[i] | 0xff000000)} }`,
      sheet.sheet!.cssRules.length
    );
  domRoot = document.getElementById('dom-plane') as HTMLDivElement;
  domRoot.style.cssText = `display:grid;grid-template-columns:repeat(256,${CELL}px);grid-auto-rows:${CELL}px;position:relative;width:${256 * CELL}px`;
  const frag = document.createDocumentFragment();
  cellsEl = [];
  for (let c = 0; c < 65536; c++) {
    const d = document.createElement('div');
    cellsEl.push(d);
    frag.append(d);
  }
  domRoot.append(frag);
  rectEl = document.createElement('div');
  rectEl.style.cssText = 'position:absolute;border:1px dashed #1a5fd0;pointer-events:none';
  domRoot.append(rectEl);
  void domRoot.offsetHeight;
  return performance.now() - t0;
}

const baseClass: string[] = new Array(65536).fill('');

function domPaintAll(): void {
  for (let c = 0; c < 65536; c++) {
    const k = cls(baseColour(inp, c)) + (layers.conflict[c] ? ' conflict' : '');
    baseClass[c] = k;
    cellsEl[c].className = k;
  }
}

function domFull(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // alternate the theme so every run really changes every cell
    const theme = i % 2 ? 'dark' : 'light';
    inp = { ...inp, palette: PALETTES[theme], colours: mdevColours(layers.mdevCount, theme) };
    const t0 = performance.now();
    domPaintAll();
    void domRoot.offsetHeight;
    out.push(performance.now() - t0);
  }
  inp = { ...inp, palette: PALETTES.light, colours: mdevColours(layers.mdevCount, 'light') };
  domPaintAll();
  return out;
}

function domDrag(): number[] {
  const out: number[] = [];
  const codes = new Uint8Array(65536);
  let marked: number[] = [];
  for (const f of frames) {
    const t0 = performance.now();
    const old = marked;
    marked = buildOverlayCodes(codes, { cells: f.cells, preview: f.preview, planDiff: null }, old);
    for (const c of old) if (!codes[c]) cellsEl[c].className = baseClass[c];
    for (const c of marked) cellsEl[c].className = `${baseClass[c]} ov${codes[c]}`;
    rectEl.style.left = `${f.rect.d0 * CELL}px`;
    rectEl.style.top = `${f.rect.a0 * CELL}px`;
    rectEl.style.width = `${(f.rect.d1 - f.rect.d0 + 1) * CELL}px`;
    rectEl.style.height = `${(f.rect.a1 - f.rect.a0 + 1) * CELL}px`;
    void domRoot.offsetHeight;
    out.push(performance.now() - t0);
  }
  return out;
}

const api = { setup, canvasFull, canvasFullHatched, canvasDrag, domBuild, domFull, domDrag, median };
(window as unknown as { gridBench: typeof api }).gridBench = api;
