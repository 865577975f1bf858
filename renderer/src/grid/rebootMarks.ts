/**
 * The cells a reboot changes, marked on the "after reboot" grid: one path of
 * cell rectangles over the visible part, stroked as a frame in the reboot
 * colour when cells are large enough to show one, filled when they are not.
 * Same one-pixel-per-cell addressing as paintLayers (display rows/columns).
 */
import type { Axes } from '../model/axes';
import type { ThemeName } from './palette';
import type { Rect } from './paintLayers';

/** Frame colour of a cell the reboot changes (distinct from the conflict red and the overlay colours). */
export const REBOOT_MARK: Record<ThemeName, string> = { light: '#d4147a', dark: '#ff6cc0' };
/** The same as RGB, for tests that read pixels. */
export const REBOOT_MARK_RGB: Record<ThemeName, [number, number, number]> = { light: [0xd4, 0x14, 0x7a], dark: [0xff, 0x6c, 0xc0] };

/** Draws the marks of `changed` (by cell index) inside display rect `r`; `d` is device px per cell. */
export function drawRebootMarks(ctx: CanvasRenderingContext2D, changed: Uint8Array, axes: Axes, r: Rect, d: number, theme: ThemeName): void {
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
    ctx.strokeStyle = REBOOT_MARK[theme];
    ctx.lineWidth = lw;
    ctx.stroke();
  } else {
    ctx.fillStyle = REBOOT_MARK[theme];
    ctx.fill();
  }
}
