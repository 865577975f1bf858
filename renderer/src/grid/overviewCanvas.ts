/**
 * The overview: every shown cell of the matrix (all 65,536 when nothing is
 * hidden) at a pixel or a few, in the grid's own colours (the same paintBase,
 * one pixel per cell in ImageData, scaled with smoothing off), with the part
 * the grids show marked by a rectangle. Click or drag in it to move there.
 * Store subscriptions drive it; pointer moves and viewport changes are
 * coalesced into one animation frame. No React in the loop.
 */
import type { AppStore } from '../store/store';
import type { AppState } from '../store/types';
import { cellsBounds } from './overlayCodes';
import { paintBase, fullRect } from './paintLayers';
import { PALETTES, mdevColours } from './palette';

/** The overview's longest side in CSS px. */
export const OVERVIEW_PX = 256;

export class OverviewCanvas {
  private unsub: () => void;
  private raf = 0;
  private pendingPoint: { x: number; y: number } | null = null;
  private rectDirty = false;
  private scale = 1;
  private img: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; img: ImageData; buf: Uint32Array } | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly base: HTMLCanvasElement,
    private readonly marks: HTMLCanvasElement
  ) {
    this.paintBase(store.getState());
    this.unsub = store.subscribe((s, p) => this.onState(s, p));
    marks.addEventListener('pointerdown', this.onDown);
    marks.addEventListener('pointermove', this.onMove);
    marks.addEventListener('pointerup', this.onUp);
  }

  dispose(): void {
    this.unsub();
    cancelAnimationFrame(this.raf);
    this.marks.removeEventListener('pointerdown', this.onDown);
    this.marks.removeEventListener('pointermove', this.onMove);
    this.marks.removeEventListener('pointerup', this.onUp);
  }

  private onState(s: AppState, p: AppState): void {
    if (s.afterLayers !== p.afterLayers || s.layers !== p.layers || s.axes !== p.axes || s.visible !== p.visible || s.theme !== p.theme)
      this.paintBase(s);
    else if (s.viewport !== p.viewport || s.highlight !== p.highlight) this.schedule();
  }

  private paintBase(s: AppState): void {
    const layers = s.afterLayers ?? s.layers;
    const { cols, rows } = s.axes;
    const w = Math.max(1, cols.length);
    const h = Math.max(1, rows.length);
    this.scale = Math.max(1, Math.floor(OVERVIEW_PX / Math.max(w, h)));
    const dpr = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
    for (const c of [this.base, this.marks]) {
      c.width = Math.round(w * this.scale * dpr);
      c.height = Math.round(h * this.scale * dpr);
      c.style.width = `${w * this.scale}px`;
      c.style.height = `${h * this.scale}px`;
    }
    if (!this.img || this.img.canvas.width !== w || this.img.canvas.height !== h) {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d')!;
      const img = ctx.createImageData(w, h);
      this.img = { canvas, ctx, img, buf: new Uint32Array(img.data.buffer) };
    }
    const ctx = this.base.getContext('2d')!;
    ctx.clearRect(0, 0, this.base.width, this.base.height);
    if (layers) {
      const { lpar, host, mdevs, guest, conflicts } = s.visible;
      const palette = PALETTES[s.theme];
      paintBase(
        this.img.buf,
        {
          layers,
          axes: s.axes,
          visible: { lpar, host, mdevs, guest, conflicts },
          level: 'stacked',
          palette,
          colours: mdevColours(layers.mdevCount, s.theme)
        },
        fullRect(s.axes)
      );
      this.img.ctx.putImageData(this.img.img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(this.img.canvas, 0, 0, w, h, 0, 0, this.base.width, this.base.height);
    }
    this.schedule();
  }

  private schedule(): void {
    this.rectDirty = true;
    if (!this.raf) this.raf = requestAnimationFrame(this.frame);
  }

  private frame = (): void => {
    this.raf = 0;
    if (this.pendingPoint) {
      const p = this.pendingPoint;
      this.pendingPoint = null;
      this.centreOn(p);
    }
    if (this.rectDirty) this.drawMarks();
  };

  /** The viewport rectangle (and the highlighted cells' box), in the overview's pixels. */
  private drawMarks(): void {
    this.rectDirty = false;
    const s = this.store.getState();
    const v = s.viewport;
    const ctx = this.marks.getContext('2d')!;
    const k = this.marks.width / Math.max(1, s.axes.cols.length);
    ctx.clearRect(0, 0, this.marks.width, this.marks.height);
    const vw = v.w / v.cell;
    const vh = v.h / v.cell;
    const x = v.x * k,
      y = v.y * k;
    const w = Math.min(s.axes.cols.length - v.x, vw) * k;
    const h = Math.min(s.axes.rows.length - v.y, vh) * k;
    const p = PALETTES[s.theme];
    ctx.lineWidth = Math.max(1, k >= 2 ? 2 : 1.5);
    ctx.strokeStyle = p.cursor;
    ctx.strokeRect(x + ctx.lineWidth / 2, y + ctx.lineWidth / 2, Math.max(1, w - ctx.lineWidth), Math.max(1, h - ctx.lineWidth));
    ctx.strokeStyle = p.rectStroke;
    ctx.setLineDash([3, 2]);
    ctx.strokeRect(x + ctx.lineWidth / 2, y + ctx.lineWidth / 2, Math.max(1, w - ctx.lineWidth), Math.max(1, h - ctx.lineWidth));
    ctx.setLineDash([]);
    const hb = s.highlightHost === s.hostVersion ? cellsBounds(s.highlight, s.axes) : null;
    if (hb) {
      ctx.strokeStyle = 'rgb(230, 170, 0)';
      ctx.strokeRect(hb.x0 * k - 1, hb.y0 * k - 1, (hb.x1 - hb.x0) * k + 2, (hb.y1 - hb.y0) * k + 2);
    }
    // the shown region as data, for tests and assistive tools that read attributes
    this.marks.dataset.view = [v.x, v.y, vw, vh].map((n) => n.toFixed(1)).join(',');
  }

  private centreOn(p: { x: number; y: number }): void {
    const s = this.store.getState();
    const v = s.viewport;
    const cx = p.x / this.scale;
    const cy = p.y / this.scale;
    s.moveViewport(cx - v.w / v.cell / 2, cy - v.h / v.cell / 2);
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const r = this.marks.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    this.marks.setPointerCapture(e.pointerId);
    this.centreOn(this.point(e));
  };

  private onMove = (e: PointerEvent): void => {
    if (!this.marks.hasPointerCapture(e.pointerId)) return;
    this.pendingPoint = this.point(e);
    if (!this.raf) this.raf = requestAnimationFrame(this.frame);
  };

  private onUp = (e: PointerEvent): void => {
    if (!this.marks.hasPointerCapture(e.pointerId)) return;
    this.marks.releasePointerCapture(e.pointerId);
    if (this.pendingPoint) {
      cancelAnimationFrame(this.raf);
      this.frame();
    }
  };
}
