/**
 * Connects one GridCanvas to the store: store subscriptions repaint the
 * canvas (no React render in the loop), pointer events are coalesced into one
 * animation frame, hit-tested by arithmetic and fed to the drag state machine.
 */
import type { AppStore } from '../store/store';
import type { AppState } from '../store/types';
import { LEFT_AXIS_PX, TOP_AXIS_PX, drawAxes } from './axisCanvas';
import { IDLE, dragStep, type DragEffect, type DragEvent as DragInput, type DragState } from './dragMachine';
import { GridCanvas } from './gridCanvas';
import { cellCentre, hitTest, hitTestClamped } from './hitTest';
import { refusedCells } from './refusedCells';
import type { GridLevel } from './paintLayers';
import { ViewportSync, type AnchorPoint } from './viewportSync';
import { zoomAnchor, nextZoom } from './zoomAnchor';
import { idsInView, visiblePlane } from './gridViewport';
import { cursorStart, originShowing } from './cursorView';
import { shownRebootLayer } from '../store/rebootLayerState';

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
/** every live grid by its level (side by side shows four) */
const grids = new Map<string, GridBinding>();
/**
 * The point under the pointer of a Ctrl+wheel zoom, in visible-plane px of the
 * grid it happened over. The main grid anchors every zoom; side by side the
 * wheel may be over another grid, which shares its scroll and cell size.
 */
let wheelAnchor: AnchorPoint | null = null;
export function getGrid(level: string): GridBinding | null {
  return grids.get(level) ?? null;
}

export class GridBinding {
  readonly canvas: GridCanvas;
  private unsub: () => void;
  private drag: DragState = IDLE;
  private pending: { x: number; y: number } | null = null;
  private raf = 0;
  /** last pointer position over this grid (viewport px), null when the pointer is elsewhere */
  private pointer: { x: number; y: number } | null = null;
  private readonly sync: ViewportSync;
  private resizes: ResizeObserver | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly el: GridElements,
    private readonly level: GridLevel,
    private readonly isMain: boolean
  ) {
    this.canvas = new GridCanvas(el.base, el.overlay);
    this.canvas.setView(visiblePlane(el.scroll, this.plane));
    // the module keeps the main window's grid so that menu commands can reach it
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    if (isMain) mainGrid = this;
    grids.set(level, this);
    this.sync = new ViewportSync(store, el.scroll, () => this.canvas.cssCell, isMain);
    this.repaintBase(store.getState());
    this.sync.reportSize();
    this.sync.apply();
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
    o.addEventListener('wheel', this.onWheel, { passive: false });
    // focus does not bubble: the listener sits on the focusable canvas itself
    el.overlay.addEventListener('focus', this.onFocus);
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
    o.removeEventListener('wheel', this.onWheel);
    this.el.overlay.removeEventListener('focus', this.onFocus);
    this.sync.dispose();
    if (mainGrid === this) mainGrid = null;
    if (grids.get(this.level) === this) grids.delete(this.level);
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
    // the after-reboot layer replaces the stacked grid's content, and is the 'reboot' grid's
    const reboot = this.level === 'stacked' || this.level === 'reboot' ? shownRebootLayer(s) : null;
    const layers = reboot?.layers ?? s.afterLayers ?? s.layers;
    if (!layers) return;
    const { lpar, host, mdevs, guest, conflicts } = s.visible;
    // side by side shows the same zoom as stacked, so the label tells the truth and the grids line up
    this.canvas.setBase({
      layers,
      axes: s.axes,
      visible: { lpar, host, mdevs, guest, conflicts },
      level: this.level,
      theme: s.theme,
      cellPx: s.cellPx,
      rebootChanged: reboot?.changed ?? null
    });
    this.drawAxisLabels(s);
    this.repaintOverlay(s);
    this.canvas.setDecorations(this.decorations(s));
  }

  private repaintOverlay(s: AppState): void {
    const refused = refusedCells({
      preview: s.preview,
      previewCells: s.previewCells,
      target: s.target,
      layers: s.afterLayers ?? s.layers,
      index: s.afterIndex ?? s.hostIndex
    });
    this.canvas.setOverlay(
      {
        cells: s.previewCells,
        preview: s.preview?.preview ?? null,
        planDiff: s.planDiff,
        highlight: s.highlightHost === s.hostVersion ? s.highlight : [],
        refused
      },
      s.visible.overlay
    );
  }

  private decorations(s: AppState) {
    return { cursor: s.cursor, hover: s.hover, dragRect: s.drag?.rect ?? null };
  }

  private onState(s: AppState, p: AppState): void {
    if (
      s.afterLayers !== p.afterLayers ||
      s.layers !== p.layers ||
      s.axes !== p.axes ||
      s.visible !== p.visible ||
      s.theme !== p.theme ||
      s.cellPx !== p.cellPx
    ) {
      const oldCell = this.canvas.cssCell;
      if (this.isMain) this.sync.reportScroll();
      const anchor = this.isMain && s.axes === p.axes ? this.anchorPoint(this.store.getState(), oldCell) : null;
      this.repaintBase(s);
      if (anchor && this.canvas.cssCell !== oldCell) this.sync.anchorZoom(oldCell, anchor);
      else {
        this.sync.reportSize();
        this.sync.apply();
      }
      return;
    }
    if (
      s.previewCells !== p.previewCells ||
      s.preview !== p.preview ||
      s.planDiff !== p.planDiff ||
      s.highlight !== p.highlight ||
      s.hostVersion !== p.hostVersion
    )
      this.repaintOverlay(s);
    if (s.cursor !== p.cursor || s.hover !== p.hover || s.drag !== p.drag) this.canvas.setDecorations(this.decorations(s));
    if (s.viewport !== p.viewport) {
      this.sync.apply();
      // the hover card follows scrolling: the cell under a still pointer changed
      if (this.pointer && this.drag.kind === 'idle') {
        this.pending = this.pointer;
        if (!this.raf) this.raf = requestAnimationFrame(this.frame);
      }
    }
    if (this.isMain && s.cursor !== p.cursor && s.cursor >= 0) this.keepInView(s.cursor);
  }

  /** The point a zoom keeps in place: the pointer, else the cursor or selection when in view, else the centre. */
  private anchorPoint(s: AppState, cell: number): AnchorPoint {
    const v = s.viewport;
    if (wheelAnchor) return wheelAnchor;
    if (this.pointer) return this.planePoint(this.pointer);
    return zoomAnchor({ viewport: { ...v, ...this.sync.size(), cell }, axes: s.axes, cursor: s.cursor, cells: s.previewCells });
  }

  /** A client point in px of this grid's visible plane, which starts right of the sticky left axis and below the top axis. */
  private planePoint(p: { x: number; y: number }): AnchorPoint {
    const r = this.el.scroll.getBoundingClientRect();
    return { x: p.x - r.left - LEFT_AXIS_PX, y: p.y - r.top - TOP_AXIS_PX };
  }

  /** Scrolls just enough to show a cell (the keyboard cursor leaving the view). */
  private keepInView(cell: number): void {
    const { axes, viewport } = this.store.getState();
    const origin = originShowing(cell, axes, viewport);
    if (origin) this.store.getState().moveViewport(origin.x, origin.y);
  }

  private local(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const r = this.plane.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private hit(p: { x: number; y: number }, clamp: boolean) {
    const axes = this.store.getState().axes;
    return clamp ? hitTestClamped(p.x, p.y, this.canvas.cssCell, axes) : hitTest(p.x, p.y, this.canvas.cssCell, axes);
  }

  /** Feeds one pointer event to the drag state machine and carries out what it says. */
  private step(event: DragInput): void {
    const r = dragStep(this.drag, event);
    this.drag = r.state;
    this.apply(r.effect);
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
    this.step({ type: 'down', cell: h, shift: e.shiftKey, alt: e.altKey });
  };

  /** Pointer moves only record the position; one frame handles the whole burst. */
  private onMove = (e: PointerEvent): void => {
    this.pending = { x: e.clientX, y: e.clientY };
    this.pointer = this.pending;
    if (!this.raf) this.raf = requestAnimationFrame(this.frame);
  };

  private frame = (): void => {
    this.raf = 0;
    const client = this.pending;
    this.pending = null;
    if (!client) return;
    // converted here, not in the event: a scroll since then moves the grid under a still pointer
    const p = this.local({ clientX: client.x, clientY: client.y });
    const dragging = this.drag.kind !== 'idle';
    const h = this.hit(p, dragging);
    this.store.getState().setHover(h ? h.cell : -1);
    if (dragging && h) {
      this.step({ type: 'move', cell: h });
    }
  };

  private onUp = (e: PointerEvent): void => {
    if (this.pending) {
      cancelAnimationFrame(this.raf);
      this.frame();
    }
    if (this.plane.hasPointerCapture(e.pointerId)) this.plane.releasePointerCapture(e.pointerId);
    this.step({ type: 'up' });
  };

  private onCancel = (): void => {
    this.step({ type: 'cancel' });
  };

  private onLeave = (): void => {
    this.pointer = null;
    if (this.drag.kind === 'idle') this.store.getState().setHover(-1);
  };

  /** Ctrl (or Cmd) + wheel zooms around the pointer; a plain wheel scrolls as usual. */
  private onWheel = (e: WheelEvent): void => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    this.pointer = { x: e.clientX, y: e.clientY };
    const st = this.store.getState();
    const next = nextZoom(st.cellPx, e.deltaY < 0 ? 1 : -1);
    if (next === st.cellPx) return;
    // the main grid moves the shared viewport (onState, synchronously): it keeps this grid's point in place
    wheelAnchor = this.planePoint(this.pointer);
    try {
      st.setCellPx(next);
    } finally {
      wheelAnchor = null;
    }
  };

  /** Tabbing into the grid puts the cursor on the first visible cell, so arrows have a start. */
  private onFocus = (): void => {
    const st = this.store.getState();
    const start = cursorStart(st.cursor, st.axes, st.viewport);
    if (start >= 0) st.setCursor(start);
  };

  /** The adapters and domains this grid shows on screen now (first and last, inclusive), from its real scroll position. */
  visibleIds(): { adapters: [number, number]; domains: [number, number]; cellPx: number } | null {
    const sc = this.el.scroll;
    return idsInView(this.store.getState().axes, this.canvas.cssCell, { top: sc.scrollTop, left: sc.scrollLeft }, this.sync.size());
  }

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
    // the visible plane starts after the sticky axes: a cell under them is not on screen
    const left = s0.left + LEFT_AXIS_PX;
    const top = s0.top + TOP_AXIS_PX;
    const right = s0.left + sc.clientWidth;
    const bottom = s0.top + sc.clientHeight;
    if (vx < left + 20 || vx > right - 20) sc.scrollLeft += vx - (left + right) / 2;
    if (vy < top + 20 || vy > bottom - 20) sc.scrollTop += vy - (top + bottom) / 2;
    const r = this.plane.getBoundingClientRect();
    this.syncView(); // the canvases cover the cell before anyone clicks it
    return { x: r.left + c.x, y: r.top + c.y };
  }
}
