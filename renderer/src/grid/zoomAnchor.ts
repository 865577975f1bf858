/**
 * Where a zoom without a pointer keeps its fixed point: the keyboard cursor
 * when it is in view, else the centre of the selection when that is in view,
 * else the centre of the view. Pure arithmetic on display cells.
 */
import type { Axes } from '../model/axes';
import type { Viewport } from '../store/navSlice';
import { ZOOMS } from '../store/viewSlice';
import type { AnchorPoint } from './viewportSync';

export interface AnchorInput {
  viewport: Viewport;
  axes: Axes;
  cursor: number;
  /** the selection's cells */
  cells: number[];
}

/** Visible-plane px of display position (x, y) in cells, or null when outside the view. */
function inView(v: Viewport, x: number, y: number): AnchorPoint | null {
  const px = (x - v.x) * v.cell;
  const py = (y - v.y) * v.cell;
  return px >= 0 && py >= 0 && px <= v.w && py <= v.h ? { x: px, y: py } : null;
}

export function zoomAnchor({ viewport: v, axes, cursor, cells }: AnchorInput): AnchorPoint {
  if (cursor >= 0) {
    const x = axes.colPos[cursor & 255];
    const y = axes.rowPos[cursor >> 8];
    const p = x >= 0 && y >= 0 ? inView(v, x + 0.5, y + 0.5) : null;
    if (p) return p;
  }
  if (cells.length) {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -1,
      y1 = -1;
    for (const c of cells) {
      const x = axes.colPos[c & 255];
      const y = axes.rowPos[c >> 8];
      if (x < 0 || y < 0) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + 1);
      y1 = Math.max(y1, y + 1);
    }
    const p = x1 >= 0 ? inView(v, (x0 + x1) / 2, (y0 + y1) / 2) : null;
    if (p) return p;
  }
  return { x: v.w / 2, y: v.h / 2 };
}

/** The next zoom step up (dir 1) or down (dir -1) from `px`. */
export function nextZoom(px: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOMS.find((z) => z > px) ?? ZOOMS[ZOOMS.length - 1];
  return [...ZOOMS].reverse().find((z) => z < px) ?? ZOOMS[0];
}
