/**
 * The part of a grid that is on screen (issue 9 point 7). A grid's canvases
 * used to be as large as the whole grid: at 16 px per cell on `full` that is
 * two 4096 x 4096 backing stores, and every zoom step, view switch or host
 * change cleared and re-rasterized them (128-427 ms per zoom step, up to
 * seconds at 24 px). The canvases now cover only the visible part of the
 * grid plane and follow the scroll; the plane element keeps the whole size, so
 * scrolling, hit-testing and layout are unchanged.
 */

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
  return { x: Math.max(0, s.left + scroll.clientLeft - p.left), y: Math.max(0, s.top + scroll.clientTop - p.top), w: scroll.clientWidth, h: scroll.clientHeight };
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
