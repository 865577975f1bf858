/**
 * Connects one GridCanvas to the store: store subscriptions repaint the
 * canvas (no React render in the loop), pointer events are coalesced into one
 * animation frame, hit-tested by arithmetic and fed to the drag state machine.
 */
import type { AppStore } from '../store/store';
import type { AppState } from '../store/types';
import { drawAxes } from './axisCanvas';
import { IDLE, dragStep, type DragEffect, type DragState } from './dragMachine';
import { GridCanvas } from './gridCanvas';
import { cellCentre, hitTest, hitTestClamped } from './hitTest';
import type { GridLevel } from './paintLayers';
import { visiblePlane } from './gridViewport';

export interface GridElements {
  scroll: HTMLElement;
  base: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
  left: HTMLCanvasElement;
  top: HTMLCanvasElement;
}

let mainGrid: GridBinding | null = null;
export function getMainGrid(): GridBinding | null {
  return mainGrid;
}

export class GridBinding {
  readonly canvas: GridCanvas;
  private unsub: () => void;
  private drag: DragState = IDLE;
  private pending: { x: number; y: number } | null = null;
  private raf = 0;
  private resizes: ResizeObserver | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly el: GridElements,
    private readonly level: GridLevel,
    isMain: boolean
  ) {
    this.canvas = new GridCanvas(el.base, el.overlay);
    this.canvas.setView(visiblePlane(el.scroll, this.plane));
    // the module keeps the main window's grid so that menu commands can reach it
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    if (isMain) mainGrid = this;
    this.repaintBase(store.getState());
    this.unsub = store.subscribe((s, prev) => this.onState(s, prev));
    // the canvases cover only the visible part of the plane (gridViewport.ts): they follow the scroll
    el.scroll.addEventListener('scroll', this.syncView, { passive: true });
    this.resizes = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(this.syncView);
    this.resizes?.observe(el.scroll);
    const o = this.plane;
    o.addEventListener('pointerdown', this.onDown);
    o.addEventListener('pointermove', this.onMove);
    o.addEventListener('pointerup', this.onUp);
    o.addEventListener('pointercancel', this.onCancel);
    o.addEventListener('pointerleave', this.onLeave);
  }

  dispose(): void {
    this.unsub();
    cancelAnimationFrame(this.raf);
    this.el.scroll.removeEventListener('scroll', this.syncView);
    this.resizes?.disconnect();
    const o = this.plane;
    o.removeEventListener('pointerdown', this.onDown);
    o.removeEventListener('pointermove', this.onMove);
    o.removeEventListener('pointerup', this.onUp);
    o.removeEventListener('pointercancel', this.onCancel);
    o.removeEventListener('pointerleave', this.onLeave);
    if (mainGrid === this) mainGrid = null;
  }

  /** The element the canvases sit in, as large as the whole grid: pointer events and coordinates are its. */
  private get plane(): HTMLElement {
    return this.el.overlay.parentElement ?? this.el.overlay;
  }

  private syncView = (): void => {
    if (this.canvas.setView(visiblePlane(this.el.scroll, this.plane))) this.drawAxisLabels(this.store.getState());
  };

  private drawAxisLabels(s: AppState): void {
    drawAxes(this.el.left, this.el.top, s.axes, this.canvas.cssCell, s.afterIndex ?? s.hostIndex, s.theme, this.canvas.visibleRange());
  }

  private repaintBase(s: AppState): void {
    const layers = s.afterLayers ?? s.layers;
    if (!layers) return;
    const { lpar, host, mdevs, guest, conflicts } = s.visible;
    this.canvas.setBase({ layers, axes: s.axes, visible: { lpar, host, mdevs, guest, conflicts }, level: this.level, theme: s.theme, cellPx: this.level === 'stacked' ? s.cellPx : Math.max(2, Math.round(s.cellPx / 2)) });
    // side by side shows four grids: each at half the zoom so the chain fits on one screen
    this.drawAxisLabels(s);
    this.repaintOverlay(s);
    this.canvas.setDecorations(this.decorations(s));
  }

  private repaintOverlay(s: AppState): void {
    this.canvas.setOverlay({ cells: s.previewCells, preview: s.preview?.preview ?? null, planDiff: s.planDiff }, s.visible.overlay);
  }

  private decorations(s: AppState) {
    return { cursor: s.cursor, hover: s.hover, dragRect: s.drag?.rect ?? null };
  }

  private onState(s: AppState, p: AppState): void {
    if (s.afterLayers !== p.afterLayers || s.layers !== p.layers || s.axes !== p.axes || s.visible !== p.visible || s.theme !== p.theme || s.cellPx !== p.cellPx) {
      this.repaintBase(s);
      return;
    }
    if (s.previewCells !== p.previewCells || s.preview !== p.preview || s.planDiff !== p.planDiff) this.repaintOverlay(s);
    if (s.cursor !== p.cursor || s.hover !== p.hover || s.drag !== p.drag) this.canvas.setDecorations(this.decorations(s));
  }

  private local(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const r = this.plane.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private hit(p: { x: number; y: number }, clamp: boolean) {
    const axes = this.store.getState().axes;
    return clamp ? hitTestClamped(p.x, p.y, this.canvas.cssCell, axes) : hitTest(p.x, p.y, this.canvas.cssCell, axes);
  }

  private apply(effect: DragEffect): void {
    const st = this.store.getState();
    switch (effect.type) {
      case 'rect':
        st.setDrag({ rect: effect.rect, mode: effect.mode });
        break;
      case 'commit':
        st.commitDrag();
        break;
      case 'abort':
        st.setDrag(null);
        break;
      case 'click': {
        const cell = (effect.cell.adapter << 8) | effect.cell.domain;
        st.setCursor(cell);
        if (effect.shift || effect.alt) st.selectCells([cell], effect.alt ? 'remove' : 'add');
        else st.toggleCell(cell);
        break;
      }
      case 'none':
        break;
    }
  }

  private onDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const h = this.hit(this.local(e), false);
    if (!h) return;
    e.preventDefault();
    this.plane.setPointerCapture(e.pointerId);
    const r = dragStep(this.drag, { type: 'down', cell: h, shift: e.shiftKey, alt: e.altKey });
    this.drag = r.state;
    this.apply(r.effect);
  };

  /** Pointer moves only record the position; one frame handles the whole burst. */
  private onMove = (e: PointerEvent): void => {
    this.pending = this.local(e);
    if (!this.raf) this.raf = requestAnimationFrame(this.frame);
  };

  private frame = (): void => {
    this.raf = 0;
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    const dragging = this.drag.kind !== 'idle';
    const h = this.hit(p, dragging);
    this.store.getState().setHover(h ? h.cell : -1);
    if (dragging && h) {
      const r = dragStep(this.drag, { type: 'move', cell: h });
      this.drag = r.state;
      this.apply(r.effect);
    }
  };

  private onUp = (e: PointerEvent): void => {
    if (this.pending) {
      cancelAnimationFrame(this.raf);
      this.frame();
    }
    if (this.plane.hasPointerCapture(e.pointerId)) this.plane.releasePointerCapture(e.pointerId);
    const r = dragStep(this.drag, { type: 'up' });
    this.drag = r.state;
    this.apply(r.effect);
  };

  private onCancel = (): void => {
    const r = dragStep(this.drag, { type: 'cancel' });
    this.drag = r.state;
    this.apply(r.effect);
  };

  private onLeave = (): void => {
    if (this.drag.kind === 'idle') this.store.getState().setHover(-1);
  };

  /** Viewport coordinates of a cell's centre (scrolls it into view first); null when hidden. */
  cellToClient(adapter: number, domain: number): { x: number; y: number } | null {
    const axes = this.store.getState().axes;
    const c = cellCentre(adapter, domain, this.canvas.cssCell, axes);
    if (!c) return null;
    const sc = this.el.scroll;
    const r0 = this.plane.getBoundingClientRect();
    const s0 = sc.getBoundingClientRect();
    const vx = r0.left + c.x;
    const vy = r0.top + c.y;
    if (vx < s0.left + 20 || vx > s0.right - 20) sc.scrollLeft += vx - (s0.left + s0.width / 2);
    if (vy < s0.top + 20 || vy > s0.bottom - 20) sc.scrollTop += vy - (s0.top + s0.height / 2);
    const r = this.plane.getBoundingClientRect();
    this.syncView(); // the canvases cover the cell before anyone clicks it
    return { x: r.left + c.x, y: r.top + c.y };
  }
}
