/**
 * Keeps one grid's scroll position and the store's shared viewport in step:
 * the grid's own scrolling is reported (so side-by-side grids and the overview
 * follow), and viewport moves from elsewhere (overview, go-to, zoom anchoring,
 * another grid) are applied to this grid's scroller. Positions are in display
 * cells, so every grid maps them with its own cell size.
 */
import type { AppStore } from '../store/store';
import type { Viewport } from '../store/navSlice';
import { LEFT_AXIS_PX, TOP_AXIS_PX } from './axisCanvas';

export interface AnchorPoint {
  /** position in the visible part of the grid plane, CSS px */
  x: number;
  y: number;
}

export class ViewportSync {
  private resize: ResizeObserver | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly scroll: HTMLElement,
    private readonly cell: () => number,
    /** the main grid reports the viewport size; every grid reports its scroll */
    private readonly reportsSize: boolean
  ) {
    scroll.addEventListener('scroll', this.reportScroll, { passive: true });
    if (reportsSize && typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(() => this.reportSize());
      this.resize.observe(scroll);
    }
  }

  dispose(): void {
    this.scroll.removeEventListener('scroll', this.reportScroll);
    this.resize?.disconnect();
  }

  /** Visible plane size in CSS px (the axes are sticky inside the scroller). */
  size(): { w: number; h: number } {
    return { w: Math.max(0, this.scroll.clientWidth - LEFT_AXIS_PX), h: Math.max(0, this.scroll.clientHeight - TOP_AXIS_PX) };
  }

  reportSize(): void {
    if (!this.reportsSize) return;
    this.store.getState().reportViewport({ ...this.size(), cell: this.cell() });
  }

  /** Reports this grid's scroll position (also called before a zoom, as scroll events come a frame late). */
  reportScroll = (): void => {
    const c = this.cell();
    const v = this.store.getState().viewport;
    const x = this.scroll.scrollLeft / c;
    const y = this.scroll.scrollTop / c;
    // a scroll we applied ourselves from the store is not news
    if (Math.abs(x * c - v.x * c) < 1 && Math.abs(y * c - v.y * c) < 1) return;
    this.store.getState().reportViewport({ x, y });
  };

  /** Scrolls this grid to the store's viewport when it differs by a pixel or more. */
  apply(v: Viewport = this.store.getState().viewport): void {
    const c = this.cell();
    const left = v.x * c;
    const top = v.y * c;
    if (Math.abs(this.scroll.scrollLeft - left) >= 1) this.scroll.scrollLeft = left;
    if (Math.abs(this.scroll.scrollTop - top) >= 1) this.scroll.scrollTop = top;
  }

  /**
   * After a zoom from `oldCell` to the current cell size: moves the shared
   * viewport so that the grid position under `anchor` (visible-plane px) stays
   * under it.
   */
  anchorZoom(oldCell: number, anchor: AnchorPoint): void {
    const st = this.store.getState();
    const v = st.viewport;
    const gx = v.x + anchor.x / oldCell;
    const gy = v.y + anchor.y / oldCell;
    const c = this.cell();
    st.reportViewport({ ...this.size(), cell: c });
    st.moveViewport(gx - anchor.x / c, gy - anchor.y / c);
  }
}
