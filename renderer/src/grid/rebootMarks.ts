/**
 * The cells a reboot changes, marked on the "after reboot" grid: one path of
 * cell rectangles over the visible part, stroked as a yellow and black dashed
 * frame ("tape": it shows on every mdev colour, and neither the cursor, the
 * hover nor the conflict frames look like it) when cells are large enough to
 * show one, filled yellow when they are not.
 * Same one-pixel-per-cell addressing as paintLayers (display rows/columns).
 */
import type { Axes } from '../model/axes';
import type { Rect } from './paintLayers';

/** Frame colours of a cell the reboot changes: the yellow under the dashes, and the dashes. */
export const REBOOT_MARK = '#ffcc00';
export const REBOOT_DASH = '#1b1b1b';
/** The yellow as RGB, for tests that read pixels. */
export const REBOOT_MARK_RGB: [number, number, number] = [0xff, 0xcc, 0x00];

/** Draws the marks of `changed` (by cell index) inside display rect `r`; `d` is device px per cell. */
export function drawRebootMarks(ctx: CanvasRenderingContext2D, changed: Uint8Array, axes: Axes, r: Rect, d: number): void {
  const { rows, cols } = axes;
  const frame = d >= 6;
  const lw = Math.max(2, Math.round(d / 6));
  ctx.beginPath();
  let any = false;
  for (let y = r.y0; y < r.y1; y++) {
    const rowBase = rows[y] << 8;
    for (let x = r.x0; x < r.x1; x++) {
      if (!changed[rowBase | cols[x]]) continue;
      any = true;
      if (frame) ctx.rect(x * d + lw / 2, y * d + lw / 2, d - lw, d - lw);
      else ctx.rect(x * d, y * d, d, d);
    }
  }
  if (!any) return;
  if (frame) {
    ctx.lineWidth = lw;
    ctx.strokeStyle = REBOOT_MARK;
    ctx.stroke();
    ctx.setLineDash([lw * 1.5, lw * 1.5]);
    ctx.strokeStyle = REBOOT_DASH;
    ctx.stroke();
    ctx.setLineDash([]);
  } else {
    ctx.fillStyle = REBOOT_MARK;
    ctx.fill();
  }
}
