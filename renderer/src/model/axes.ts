/**
 * Which adapter rows and domain columns a grid shows, and where. Rows are
 * adapters, columns are domains (the wide axis: hosts have few cards and many
 * domains). Compact mode keeps only ids somebody uses.
 */
import { AP_IDS } from '../../../shared/ap';

export interface Axes {
  /** adapter id of each shown row, ascending */
  rows: number[];
  /** domain id of each shown column, ascending */
  cols: number[];
  rowShown: Uint8Array;
  colShown: Uint8Array;
  /** display row of an adapter, -1 when hidden */
  rowPos: Int16Array;
  colPos: Int16Array;
}

export function axesFrom(rowShown: Uint8Array, colShown: Uint8Array): Axes {
  const rows: number[] = [];
  const cols: number[] = [];
  const rowPos = new Int16Array(AP_IDS).fill(-1);
  const colPos = new Int16Array(AP_IDS).fill(-1);
  for (let i = 0; i < AP_IDS; i++) {
    if (rowShown[i]) {
      rowPos[i] = rows.length;
      rows.push(i);
    }
    if (colShown[i]) {
      colPos[i] = cols.length;
      cols.push(i);
    }
  }
  return { rows, cols, rowShown, colShown, rowPos, colPos };
}

export function fullAxes(): Axes {
  return axesFrom(new Uint8Array(AP_IDS).fill(1), new Uint8Array(AP_IDS).fill(1));
}

/** Union of the used ids of several layer sets; falls back to everything when nothing is used. */
export function compactAxes(used: Array<{ usedAdapters: Uint8Array; usedDomains: Uint8Array }>): Axes {
  const r = new Uint8Array(AP_IDS);
  const c = new Uint8Array(AP_IDS);
  for (const u of used)
    for (let i = 0; i < AP_IDS; i++) {
      r[i] |= u.usedAdapters[i];
      c[i] |= u.usedDomains[i];
    }
  if (!r.some((x) => x) || !c.some((x) => x)) return fullAxes();
  return axesFrom(r, c);
}
