/**
 * Paints the static layers into one-pixel-per-cell buffers (Uint32 RGBA words
 * of an ImageData), for a display rectangle only. The LPAR, host, mdev and
 * guest layers are composed here in one pass into the base image, because one
 * scaled drawImage is cheaper than four; conflicts go into their own image,
 * which the canvas hatches. Pure: no DOM, unit-tested on plain arrays.
 */
import { LPAR_DOWN, LPAR_USAGE, type Layers } from '../model/layers';
import type { Axes } from '../model/axes';
import type { MdevColours, Palette } from './palette';

/**
 * Which layers a grid shows: the stacked view shows all; side-by-side shows one
 * level each, and 'reboot' (all layers of the after-reboot host) beside them.
 */
export type GridLevel = 'stacked' | 'lpar' | 'host' | 'mdevs' | 'guest' | 'reboot';

export interface LayerVisibility {
  lpar: boolean;
  host: boolean;
  mdevs: boolean;
  guest: boolean;
  conflicts: boolean;
}

export interface BaseInput {
  layers: Layers;
  axes: Axes;
  visible: LayerVisibility;
  level: GridLevel;
  palette: Palette;
  colours: MdevColours;
}

/** Display-space rectangle, end exclusive. */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function fullRect(axes: Axes): Rect {
  return { x0: 0, y0: 0, x1: axes.cols.length, y1: axes.rows.length };
}

interface Flags {
  lpar: boolean;
  host: boolean;
  mdev: boolean;
  guest: boolean;
}

function flags(inp: BaseInput): Flags {
  const { visible: v } = inp;
  const level = inp.level === 'reboot' ? 'stacked' : inp.level;
  return {
    lpar: v.lpar && (level === 'stacked' || level === 'lpar' || level === 'host'),
    host: v.host && (level === 'stacked' || level === 'host'),
    mdev: v.mdevs && (level === 'stacked' || level === 'mdevs'),
    guest: v.guest && (level === 'stacked' || level === 'guest')
  };
}

/** Colour of one cell in the base image (the loop in paintBase inlines the same rules). */
export function baseColour(inp: BaseInput, c: number): number {
  const f = flags(inp);
  const { layers, palette: p, colours } = inp;
  const lp = layers.lpar[c];
  let col = f.lpar ? (lp === LPAR_USAGE ? p.pool : lp === LPAR_DOWN ? p.down : p.absent) : lp ? p.pool : p.absent;
  if (f.host && layers.host[c]) col = lp ? p.host : p.hostAbsent;
  const owner = layers.owner[c];
  if (f.mdev && owner) col = f.guest ? (layers.guest[c] === owner ? colours.full[owner] : colours.dim[owner]) : colours.full[owner];
  else if (f.guest && !f.mdev && layers.guest[c]) col = colours.full[layers.guest[c]];
  return col;
}

/** Paints rect r of the base image into `out` (row stride = axes.cols.length). Hot loop: no calls, no allocation. */
export function paintBase(out: Uint32Array, inp: BaseInput, r: Rect): void {
  const { rows, cols } = inp.axes;
  const w = cols.length;
  const f = flags(inp);
  const { lpar, host, owner, guest } = inp.layers;
  const p = inp.palette;
  const full = inp.colours.full;
  const dim = inp.colours.dim;
  // LPAR colour by lpar value (0 none, 1 usage, 2 down); with the layer off, configured cells look like the pool
  const lparCol = f.lpar ? [p.absent, p.pool, p.down] : [p.absent, p.pool, p.pool];
  const onlyGuest = f.guest && !f.mdev;
  for (let y = r.y0; y < r.y1; y++) {
    const rowBase = rows[y] << 8;
    let o = y * w + r.x0;
    for (let x = r.x0; x < r.x1; x++) {
      const c = rowBase | cols[x];
      const lp = lpar[c];
      let col = lparCol[lp];
      if (f.host && host[c]) col = lp ? p.host : p.hostAbsent;
      const ow = owner[c];
      if (f.mdev && ow) col = f.guest && guest[c] !== ow ? dim[ow] : full[ow];
      else if (onlyGuest && guest[c]) col = full[guest[c]];
      out[o++] = col;
    }
  }
}

/**
 * Conflict image: opaque where a cell is in conflict (the canvas fills it with
 * a hatch pattern). Returns the display bounding box of the conflict cells
 * (null when none), so the hatch pass touches only that box.
 */
export function paintConflicts(out: Uint32Array, layers: Layers, axes: Axes, show: boolean, level: GridLevel, r: Rect): Rect | null {
  const { rows, cols } = axes;
  const w = cols.length;
  const on = show && (level === 'stacked' || level === 'reboot' || level === 'mdevs');
  const conflict = layers.conflict;
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (let y = r.y0; y < r.y1; y++) {
    const rowBase = rows[y] << 8;
    let o = y * w + r.x0;
    for (let x = r.x0; x < r.x1; x++) {
      if (on && conflict[rowBase | cols[x]]) {
        out[o++] = 0xffffffff;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      } else out[o++] = 0;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}
