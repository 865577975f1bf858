/**
 * Whether two axes show the same rows and columns. recomputeAxes runs after
 * every edit; a new Axes object, even an equal one, makes every grid repaint
 * its base and its axis labels a second time (issue 9 point 7: about 10 ms of
 * each edit on `full`). Equal axes keep the old object.
 */
import type { Axes } from './axes';

export function sameAxes(a: Axes, b: Axes): boolean {
  if (a.rows.length !== b.rows.length || a.cols.length !== b.cols.length) return false;
  for (let i = 0; i < a.rowShown.length; i++) if (a.rowShown[i] !== b.rowShown[i] || a.colShown[i] !== b.colShown[i]) return false;
  return true;
}
