/**
 * Draws one grid: a base canvas (composed static layers + hatched conflicts)
 * and an overlay canvas (selection, preview, plan changes, drag rectangle,
 * cursor, hover). Each image is one pixel per cell (ImageData on a small
 * offscreen canvas), scaled up by drawImage with smoothing off. The overlay
 * redraws only the dirty rectangle: old and new marked cells and decorations.
 * No React, no store: GridBinding feeds it, the benchmark drives it directly.
 */
import type { Axes } from '../model/axes';
import type { Layers } from '../model/layers';
import { buildOverlayCodes, cellsBounds, overlayColours, paintOverlay, unionRect, type OverlayInput } from './overlayCodes';
import { fullRect, paintBase, paintConflicts, type GridLevel, type LayerVisibility, type Rect } from './paintLayers';
import { PALETTES, mdevColours, type MdevColours, type Palette, type ThemeName } from './palette';
import type { CellRect } from '../store/selectionSlice';
import { clampView, sameView, WHOLE_PLANE, type PlaneView } from './gridViewport';
import { drawRebootMarks } from './rebootMarks';

export interface BaseFrame {
  layers: Layers;
  axes: Axes;
  visible: LayerVisibility;
  level: GridLevel;
  theme: ThemeName;
  cellPx: number;
  /** cells framed as changed at the next boot (the after-reboot layer), by cell index */
  rebootChanged?: Uint8Array | null;
}

export interface Decorations {
  cursor: number;
  hover: number;
  dragRect: CellRect | null;
}

/**
 * Largest backing-store side a zoom may need. The grid canvases cover only the
 * view (gridViewport.ts), so they no longer bound the zoom; the axis canvases
 * still span the whole grid (axisCanvas.ts), and Chromium refuses a canvas
 * side above 32,767 device px. (The old 8192 cap on whole-grid canvases drew
 * 24 px cells as 16 px at 2 device px per CSS px while the label said 24.)
 */
const MAX_BACKING = 32767;

function small(w: number, h: number): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; img: ImageData; buf: Uint32Array } {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, w);
  canvas.height = Math.max(1, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: false })!;
  const img = ctx.createImageData(canvas.width, canvas.height);
  return { canvas, ctx, img, buf: new Uint32Array(img.data.buffer) };
}

export class GridCanvas {
  private frame: BaseFrame | null = null;
  private palette: Palette = PALETTES.light;
  private colours: MdevColours = mdevColours(0, 'light');
  private ovColours = overlayColours(PALETTES.light);
  private baseImg = small(1, 1);
  private hatchImg = small(1, 1);
  private ovImg = small(1, 1);
  private hatchPattern: CanvasPattern | null = null;
  private codes = new Uint8Array(65536);
  private marked: number[] = [];
  /** refused cells, outlined on top of their fill */
  private refused: number[] = [];
  /** a few highlighted cells (a go-to, a table row) get a frame too; a whole row or column is fill only */
  private framedHighlight: number[] = [];
  private decor: Decorations = { cursor: -1, hover: -1, dragRect: null };
  private decorRect: Rect | null = null;
  /** effective CSS pixels per cell and device pixels per cell */
  cssCell = 1;
  private dev = 1;
  /** what the scrolling container shows, and the part the canvases cover now (gridViewport.ts) */
  private view: PlaneView = WHOLE_PLANE;
  private shown: PlaneView = { x: 0, y: 0, w: 0, h: 0 };
  private hatchBox: Rect | null = null;

  constructor(
    readonly base: HTMLCanvasElement,
    readonly overlay: HTMLCanvasElement,
    private readonly dpr = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1))
  ) {}

  get axes(): Axes | null {
    return this.frame?.axes ?? null;
  }

  /** Full repaint of the base and overlay (layers, axes, zoom or theme changed). */
  setBase(f: BaseFrame): void {
    const themeChanged = !this.frame || this.frame.theme !== f.theme || this.colours.full.length !== f.layers.mdevCount + 1;
    this.frame = f;
    if (themeChanged) {
      this.palette = PALETTES[f.theme];
      this.colours = mdevColours(f.layers.mdevCount, f.theme);
      this.ovColours = overlayColours(this.palette);
      this.hatchPattern = null;
    }
    const w = f.axes.cols.length;
    const h = f.axes.rows.length;
    const side = Math.max(w, h, 1);
    this.cssCell = Math.max(1, Math.min(f.cellPx, Math.floor(MAX_BACKING / (side * this.dpr))));
    this.dev = this.cssCell * this.dpr;
    // the plane keeps the grid's whole size (scrolling, hit-testing); the canvases cover the visible part
    const plane = this.base.parentElement;
    if (plane) {
      plane.style.width = `${w * this.cssCell}px`;
      plane.style.height = `${h * this.cssCell}px`;
    }
    this.place(clampView(this.view, w * this.cssCell, h * this.cssCell));
    if (this.baseImg.canvas.width !== w || this.baseImg.canvas.height !== h) {
      this.baseImg = small(w, h);
      this.hatchImg = small(w, h);
      this.ovImg = small(w, h);
    }
    this.paintBaseRect(fullRect(f.axes));
    this.repaintOverlayAll();
  }

  /** The scrolling container shows another part of the plane: move the canvases there and redraw from the cached images. */
  setView(v: PlaneView): boolean {
    this.view = v;
    const f = this.frame;
    if (!f) return false;
    const c = clampView(v, f.axes.cols.length * this.cssCell, f.axes.rows.length * this.cssCell);
    if (sameView(c, this.shown)) return false;
    this.place(c);
    this.blitBase(fullRect(f.axes));
    this.repaintOverlayAll();
    return true;
  }

  /** The display rows and columns on screen (end exclusive). */
  visibleRange(): Rect {
    return this.frame ? this.visibleCells(fullRect(this.frame.axes)) : { x0: 0, y0: 0, x1: 0, y1: 0 };
  }

  /** Sizes and positions both canvases over the visible part `c` of the plane (resets their contexts). */
  private place(c: PlaneView): void {
    this.shown = c;
    for (const el of [this.base, this.overlay]) {
      const cw = Math.max(1, Math.round(c.w * this.dpr));
      const ch = Math.max(1, Math.round(c.h * this.dpr));
      if (el.width !== cw) el.width = cw;
      if (el.height !== ch) el.height = ch;
      el.style.position = 'absolute';
      el.style.left = `${c.x}px`;
      el.style.top = `${c.y}px`;
      el.style.width = `${c.w}px`;
      el.style.height = `${c.h}px`;
    }
  }

  /** A canvas context drawing in plane coordinates (device px from the plane's corner). */
  private ctxOf(el: HTMLCanvasElement): CanvasRenderingContext2D {
    const ctx = el.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, -Math.round(this.shown.x * this.dpr), -Math.round(this.shown.y * this.dpr));
    return ctx;
  }

  private clearAll(el: HTMLCanvasElement): void {
    const ctx = el.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, el.width, el.height);
  }

  /** The cells of `r` that are on screen. */
  private visibleCells(r: Rect): Rect {
    const c = this.cssCell;
    const v = this.shown;
    return {
      x0: Math.max(r.x0, Math.floor(v.x / c)),
      y0: Math.max(r.y0, Math.floor(v.y / c)),
      x1: Math.min(r.x1, Math.ceil((v.x + v.w) / c)),
      y1: Math.min(r.y1, Math.ceil((v.y + v.h) / c))
    };
  }

  private pattern(ctx: CanvasRenderingContext2D): CanvasPattern | null {
    if (this.hatchPattern) return this.hatchPattern;
    const t = document.createElement('canvas');
    const n = Math.max(4, Math.round(6 * this.dpr));
    t.width = t.height = n;
    const c = t.getContext('2d')!;
    c.strokeStyle = this.palette.conflict;
    c.lineWidth = Math.max(1.5, this.dpr * 1.6);
    c.beginPath();
    c.moveTo(-1, n + 1);
    c.lineTo(n + 1, -1);
    c.moveTo(-1, 1);
    c.lineTo(1, -1);
    c.moveTo(n - 1, n + 1);
    c.lineTo(n + 1, n - 1);
    c.stroke();
    this.hatchPattern = ctx.createPattern(t, 'repeat');
    return this.hatchPattern;
  }

  private paintBaseRect(r: Rect): void {
    const f = this.frame!;
    const input = { layers: f.layers, axes: f.axes, visible: f.visible, level: f.level, palette: this.palette, colours: this.colours };
    paintBase(this.baseImg.buf, input, r);
    const rw = r.x1 - r.x0;
    const rh = r.y1 - r.y0;
    if (rw <= 0 || rh <= 0) return;
    this.baseImg.ctx.putImageData(this.baseImg.img, 0, 0, r.x0, r.y0, rw, rh);
    this.hatchBox = paintConflicts(this.hatchImg.buf, f.layers, f.axes, f.visible.conflicts, f.level, r);
    this.blitBase(r);
  }

  /** Draws the visible cells of `r` from the cached base and conflict images. */
  private blitBase(all: Rect): void {
    const r = this.visibleCells(all);
    const rw = r.x1 - r.x0;
    const rh = r.y1 - r.y0;
    if (rw <= 0 || rh <= 0) return;
    const ctx = this.ctxOf(this.base);
    ctx.imageSmoothingEnabled = false;
    const d = this.dev;
    ctx.drawImage(this.baseImg.canvas, r.x0, r.y0, rw, rh, r.x0 * d, r.y0 * d, rw * d, rh * d);
    const box = this.hatchBox && {
      x0: Math.max(r.x0, this.hatchBox.x0),
      y0: Math.max(r.y0, this.hatchBox.y0),
      x1: Math.min(r.x1, this.hatchBox.x1),
      y1: Math.min(r.y1, this.hatchBox.y1)
    };
    if (box && box.x1 > box.x0 && box.y1 > box.y0) this.hatch(ctx, box);
    if (this.cssCell >= 8) this.gridLines(ctx, r);
    const f = this.frame!;
    if (f.rebootChanged) drawRebootMarks(ctx, f.rebootChanged, f.axes, r, d);
  }

  /**
   * Conflict cells: one path of rectangles (runs of conflict cells per row,
   * read from the conflict image), filled once with the hatch pattern. Only
   * the conflict area is rasterized.
   */
  private hatch(ctx: CanvasRenderingContext2D, r: Rect): void {
    const d = this.dev;
    const w = this.frame!.axes.cols.length;
    const buf = this.hatchImg.buf;
    ctx.beginPath();
    for (let y = r.y0; y < r.y1; y++) {
      let x = r.x0;
      const row = y * w;
      while (x < r.x1) {
        if (!buf[row + x]) {
          x++;
          continue;
        }
        const start = x;
        while (x < r.x1 && buf[row + x]) x++;
        ctx.rect(start * d, y * d, (x - start) * d, d);
      }
    }
    ctx.fillStyle = this.pattern(ctx) ?? this.palette.conflict;
    ctx.fill();
  }

  private gridLines(ctx: CanvasRenderingContext2D, r: Rect): void {
    const d = this.dev;
    ctx.strokeStyle = this.palette.gridLine;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = r.x0; x <= r.x1; x++) {
      ctx.moveTo(x * d + 0.5, r.y0 * d);
      ctx.lineTo(x * d + 0.5, r.y1 * d);
    }
    for (let y = r.y0; y <= r.y1; y++) {
      ctx.moveTo(r.x0 * d, y * d + 0.5);
      ctx.lineTo(r.x1 * d, y * d + 0.5);
    }
    ctx.stroke();
  }

  /** New overlay content: rebuild the codes and redraw old and new marked cells only. */
  setOverlay(inp: OverlayInput, show: boolean): void {
    const f = this.frame;
    if (!f) return;
    const before = cellsBounds(this.marked, f.axes);
    this.refused = show ? (inp.refused ?? []) : [];
    this.framedHighlight = show && inp.highlight && inp.highlight.length <= 64 ? inp.highlight : [];
    this.marked = show
      ? buildOverlayCodes(this.codes, inp, this.marked)
      : (buildOverlayCodes(this.codes, { cells: [], preview: null, planDiff: null }, this.marked), []);
    this.redrawOverlay(unionRect(before, cellsBounds(this.marked, f.axes)));
  }

  setDecorations(d: Decorations): void {
    this.decor = d;
    this.redrawOverlay(null);
  }

  private decorationRect(): Rect | null {
    const f = this.frame!;
    const { axes } = f;
    let r: Rect | null = null;
    for (const c of [this.decor.cursor, this.decor.hover]) if (c >= 0) r = unionRect(r, cellsBounds([c], axes));
    const dr = this.decor.dragRect;
    if (dr) r = unionRect(r, cellsBounds([(dr.a0 << 8) | dr.d0, (dr.a1 << 8) | dr.d1], axes));
    if (!r) return null;
    return {
      x0: Math.max(0, r.x0 - 1),
      y0: Math.max(0, r.y0 - 1),
      x1: Math.min(axes.cols.length, r.x1 + 1),
      y1: Math.min(axes.rows.length, r.y1 + 1)
    };
  }

  private repaintOverlayAll(): void {
    this.decorRect = null;
    if (this.marked.length === 0) {
      // nothing marked: clearing is enough, decorations are redrawn in their own rectangle
      this.clearAll(this.overlay);
      this.redrawOverlay(null);
      return;
    }
    this.redrawOverlay(fullRect(this.frame!.axes), true);
  }

  private redrawOverlay(dirtyCells: Rect | null, all = false): void {
    const f = this.frame;
    if (!f) return;
    const nd = this.decorationRect();
    let r = unionRect(unionRect(dirtyCells, this.decorRect), nd);
    this.decorRect = nd;
    if (!r) return;
    r = { x0: Math.max(0, r.x0), y0: Math.max(0, r.y0), x1: Math.min(f.axes.cols.length, r.x1), y1: Math.min(f.axes.rows.length, r.y1) };
    const rw = r.x1 - r.x0;
    const rh = r.y1 - r.y0;
    if (rw <= 0 || rh <= 0) return;
    if (all) this.clearAll(this.overlay);
    const ctx = this.ctxOf(this.overlay);
    const d = this.dev;
    if (!all) ctx.clearRect(r.x0 * d, r.y0 * d, rw * d, rh * d);
    paintOverlay(this.ovImg.buf, this.codes, this.ovColours, f.axes, r);
    this.ovImg.ctx.putImageData(this.ovImg.img, 0, 0, r.x0, r.y0, rw, rh);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.ovImg.canvas, r.x0, r.y0, rw, rh, r.x0 * d, r.y0 * d, rw * d, rh * d);
    ctx.save();
    ctx.beginPath();
    ctx.rect(r.x0 * d, r.y0 * d, rw * d, rh * d);
    ctx.clip();
    this.drawDecorations(ctx);
    ctx.restore();
  }

  private drawDecorations(ctx: CanvasRenderingContext2D): void {
    const { axes } = this.frame!;
    const d = this.dev;
    const lw = Math.max(1, Math.round(this.dpr * (this.cssCell >= 6 ? 2 : 1)));
    const box = (c: number, colour: string) => {
      const y = axes.rowPos[c >> 8];
      const x = axes.colPos[c & 255];
      if (x < 0 || y < 0) return;
      ctx.strokeStyle = colour;
      ctx.lineWidth = lw;
      ctx.strokeRect(x * d + lw / 2, y * d + lw / 2, d - lw, d - lw);
    };
    const dr = this.decor.dragRect;
    if (dr) {
      const y0 = axes.rowPos[dr.a0],
        y1 = axes.rowPos[dr.a1],
        x0 = axes.colPos[dr.d0],
        x1 = axes.colPos[dr.d1];
      if (x0 >= 0 && y0 >= 0 && x1 >= 0 && y1 >= 0) {
        ctx.strokeStyle = this.palette.rectStroke;
        ctx.lineWidth = lw;
        ctx.setLineDash([4 * this.dpr, 3 * this.dpr]);
        ctx.strokeRect(x0 * d + lw / 2, y0 * d + lw / 2, (x1 - x0 + 1) * d - lw, (y1 - y0 + 1) * d - lw);
        ctx.setLineDash([]);
      }
    }
    // refused cells get a frame in the conflict colour (few cells: the planner names them)
    for (let i = 0; i < this.refused.length && i < 4096; i++) box(this.refused[i], this.palette.conflict);
    for (const c of this.framedHighlight) box(c, this.palette.found);
    if (this.decor.hover >= 0) box(this.decor.hover, this.palette.hover);
    if (this.decor.cursor >= 0) box(this.decor.cursor, this.palette.cursor);
  }
}
