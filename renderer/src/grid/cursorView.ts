/**
 * The keyboard cursor and the view, as arithmetic on display cells: where
 * the view moves so the cursor stays in it, and the cell the cursor starts
 * on when Tab brings the grid into focus.
 */
import type { Axes } from '../model/axes';
import type { Viewport } from '../store/navSlice';

/** The view origin (in cells) that just shows `cell`: null when the cell is hidden or already in view. */
export function originShowing(cell: number, axes: Axes, v: Viewport): { x: number; y: number } | null {
  const x = axes.colPos[cell & 255];
  const y = axes.rowPos[cell >> 8];
  if (x < 0 || y < 0) return null;
  const vw = v.w / v.cell;
  const vh = v.h / v.cell;
  const nx = x < v.x ? x : x + 1 > v.x + vw ? x + 1 - vw : v.x;
  const ny = y < v.y ? y : y + 1 > v.y + vh ? y + 1 - vh : v.y;
  return nx !== v.x || ny !== v.y ? { x: nx, y: ny } : null;
}

/**
 * The cell a cursor starts on, so arrows have a start: the first in view.
 * -1 when the cursor already stands on a shown cell, or no cell is shown.
 */
export function cursorStart(cursor: number, axes: Axes, v: Viewport): number {
  if (cursor >= 0 && axes.rowPos[cursor >> 8] >= 0 && axes.colPos[cursor & 255] >= 0) return -1;
  const { rows, cols } = axes;
  if (!rows.length || !cols.length) return -1;
  const r = Math.min(rows.length - 1, Math.ceil(v.y));
  const c = Math.min(cols.length - 1, Math.ceil(v.x));
  return (rows[r] << 8) | cols[c];
}
