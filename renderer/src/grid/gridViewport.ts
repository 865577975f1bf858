/**
 * The part of a grid that is on screen (issue 9 point 7). A grid's canvases
 * used to be as large as the whole grid: at 16 px per cell on `full` that is
 * two 4096 x 4096 backing stores, and every zoom step, view switch or host
 * change cleared and re-rasterized them (128-427 ms per zoom step, up to
 * seconds at 24 px). The canvases now cover only the visible part of the
 * grid plane and follow the scroll; the plane element keeps the whole size, so
 * scrolling, hit-testing and layout are unchanged.
 */
import type { Axes } from '../model/axes';

/** Visible region of the grid plane, in CSS px from the plane's top-left corner. */
export interface PlaneView {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Everything: what a grid without a scrolling container (the benchmark page) shows. */
export const WHOLE_PLANE: PlaneView = { x: 0, y: 0, w: Infinity, h: Infinity };

/** The region of `plane` that the scrolling container `scroll` shows (layout is read, not written). */
export function visiblePlane(scroll: HTMLElement, plane: HTMLElement): PlaneView {
  const s = scroll.getBoundingClientRect();
  const p = plane.getBoundingClientRect();
  return {
    x: Math.max(0, s.left + scroll.clientLeft - p.left),
    y: Math.max(0, s.top + scroll.clientTop - p.top),
    w: scroll.clientWidth,
    h: scroll.clientHeight
  };
}

/** The visible rectangle clamped to a plane of `width` x `height` CSS px, in whole CSS px. */
export function clampView(v: PlaneView, width: number, height: number): PlaneView {
  const x = Math.min(Math.floor(v.x), width);
  const y = Math.min(Math.floor(v.y), height);
  return { x, y, w: Math.max(0, Math.min(width - x, Math.ceil(v.w) + 1)), h: Math.max(0, Math.min(height - y, Math.ceil(v.h) + 1)) };
}

export function sameView(a: PlaneView, b: PlaneView): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/**
 * The adapters and domains shown in a scroll position (first and last,
 * inclusive) at `cell` px per cell in a view of w x h px; null without cells.
 */
export function idsInView(
  axes: Axes,
  cell: number,
  scroll: { top: number; left: number },
  size: { w: number; h: number }
): { adapters: [number, number]; domains: [number, number]; cellPx: number } | null {
  if (!axes.rows.length || !axes.cols.length) return null;
  const r0 = Math.min(axes.rows.length - 1, Math.floor(scroll.top / cell));
  const r1 = Math.min(axes.rows.length - 1, Math.ceil((scroll.top + size.h) / cell) - 1);
  const c0 = Math.min(axes.cols.length - 1, Math.floor(scroll.left / cell));
  const c1 = Math.min(axes.cols.length - 1, Math.ceil((scroll.left + size.w) / cell) - 1);
  return { adapters: [axes.rows[r0], axes.rows[r1]], domains: [axes.cols[c0], axes.cols[c1]], cellPx: cell };
}
