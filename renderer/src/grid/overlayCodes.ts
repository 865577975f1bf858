/**
 * The overlay as one code per cell: selection, the live preview (gained, lost,
 * dragged in) and the committed plan's changes. Rebuilt when any of them
 * changes; the bounding box of old and new codes is the only part the canvas
 * redraws (dirty rectangle).
 */
import { QUEUE_CELLS } from '../../../shared/ap';
import type { Axes } from '../model/axes';
import type { SelectionPreview } from '../plan/types';
import type { Palette } from './palette';
import type { Rect } from './paintLayers';

export const OV_NONE = 0;
export const OV_SELECTED = 1;
export const OV_GAINED = 2;
export const OV_LOST = 3;
export const OV_DRAGGED_IN = 4;
export const OV_PLAN_GAINED = 5;
export const OV_PLAN_LOST = 6;
export const OV_PLAN_MOVED = 7;
/** would change owner as a side effect (neither gained nor lost by the target) */
export const OV_OTHERS = 8;
/** brought into view by a go-to or a table row */
export const OV_HIGHLIGHT = 9;
/** part of a selection the planner refuses (outlined as well) */
export const OV_REFUSED = 10;

export interface OverlayInput {
  /** cells of the selection with the live drag applied */
  cells: number[];
  preview: SelectionPreview | null;
  /** planDiff codes (1 gained, 2 lost, 3 moved) or null */
  planDiff: Uint8Array | null;
  /** cells revealed by a go-to or a table row: below the selection and preview */
  highlight?: number[];
  /** cells the planner refuses: above everything else */
  refused?: number[];
}

/** Writes the codes into `codes` (65,536 entries) and returns the cells that are set. */
export function buildOverlayCodes(codes: Uint8Array, inp: OverlayInput, touched: number[]): number[] {
  for (const c of touched) codes[c] = OV_NONE;
  const set: number[] = [];
  const put = (c: number, v: number) => {
    if (codes[c] === OV_NONE) set.push(c);
    codes[c] = v;
  };
  if (inp.planDiff) {
    const d = inp.planDiff;
    for (let c = 0; c < QUEUE_CELLS; c++) if (d[c]) put(c, OV_PLAN_GAINED + d[c] - 1);
  }
  for (const c of inp.highlight ?? []) put(c, OV_HIGHLIGHT);
  for (const c of inp.cells) put(c, OV_SELECTED);
  if (inp.preview) {
    for (const c of inp.preview.others ?? []) put(c, OV_OTHERS);
    for (const c of inp.preview.gained) put(c, OV_GAINED);
    for (const c of inp.preview.lost) put(c, OV_LOST);
    for (const c of inp.preview.draggedIn) put(c, OV_DRAGGED_IN);
  }
  for (const c of inp.refused ?? []) put(c, OV_REFUSED);
  return set;
}

/** Display bounding box of a list of cells (hidden ids are skipped); null when empty. */
export function cellsBounds(cells: number[], axes: Axes): Rect | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (const c of cells) {
    const y = axes.rowPos[c >> 8];
    const x = axes.colPos[c & 255];
    if (x < 0 || y < 0) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

export function unionRect(a: Rect | null, b: Rect | null): Rect | null {
  if (!a) return b;
  if (!b) return a;
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

export function overlayColours(p: Palette): Uint32Array {
  const o = p.overlay;
  return Uint32Array.from([
    0,
    o.selected,
    o.gained,
    o.lost,
    o.draggedIn,
    o.planGained,
    o.planLost,
    o.planMoved,
    o.others,
    o.highlight,
    o.refused
  ]);
}

/** Paints rect r of the overlay image from the codes. */
export function paintOverlay(out: Uint32Array, codes: Uint8Array, colours: Uint32Array, axes: Axes, r: Rect): void {
  const { rows, cols } = axes;
  const w = cols.length;
  for (let y = r.y0; y < r.y1; y++) {
    const rowBase = rows[y] << 8;
    let o = y * w + r.x0;
    for (let x = r.x0; x < r.x1; x++) out[o++] = colours[codes[rowBase | cols[x]]];
  }
}
