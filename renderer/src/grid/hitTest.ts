/** Hit testing by arithmetic: a position in the grid's CSS pixels to a cell, and back. */
import type { Axes } from '../model/axes';

export interface HitCell {
  row: number;
  col: number;
  adapter: number;
  domain: number;
  cell: number;
}

export function hitTest(x: number, y: number, cellPx: number, axes: Axes): HitCell | null {
  const col = Math.floor(x / cellPx);
  const row = Math.floor(y / cellPx);
  if (row < 0 || col < 0 || row >= axes.rows.length || col >= axes.cols.length) return null;
  const adapter = axes.rows[row];
  const domain = axes.cols[col];
  return { row, col, adapter, domain, cell: (adapter << 8) | domain };
}

/** Hit test clamped to the grid: used while dragging past an edge. */
export function hitTestClamped(x: number, y: number, cellPx: number, axes: Axes): HitCell | null {
  if (!axes.rows.length || !axes.cols.length) return null;
  const col = Math.max(0, Math.min(axes.cols.length - 1, Math.floor(x / cellPx)));
  const row = Math.max(0, Math.min(axes.rows.length - 1, Math.floor(y / cellPx)));
  return hitTest((col + 0.5) * cellPx, (row + 0.5) * cellPx, cellPx, axes);
}

/** Centre of a cell in the grid's CSS pixels, or null when the cell is hidden. */
export function cellCentre(adapter: number, domain: number, cellPx: number, axes: Axes): { x: number; y: number } | null {
  const row = axes.rowPos[adapter];
  const col = axes.colPos[domain];
  if (row < 0 || col < 0) return null;
  return { x: (col + 0.5) * cellPx, y: (row + 0.5) * cellPx };
}
