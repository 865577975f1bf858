/**
 * The grid's axes: adapters down the left (hex id, card type with mode),
 * domains across the top (hex id, written vertically). Labels are thinned to
 * every k-th id when cells are too small to hold one each.
 */
import type { Axes } from '../model/axes';
import type { HostIndex } from '../model/hostIndex';
import { hex2, hex4 } from '../../../shared/ap';
import { PALETTES, type ThemeName } from './palette';

export const LEFT_AXIS_PX = 118;
export const TOP_AXIS_PX = 40;

const MODE_SHORT: Record<string, string> = { 'CCA-Coproc': 'CCA', Accelerator: 'Accel', 'EP11-Coproc': 'EP11', Unknown: '?' };

export function adapterLabel(ix: HostIndex | null, a: number): { text: string; muted: boolean } {
  const c = ix?.cards.get(a);
  if (!c) return { text: hex2(a), muted: true };
  const down = !c.config ? ' deconf' : c.chkstop ? ' chkstop' : c.online === false ? ' off' : '';
  return { text: `${hex2(a)} ${c.type ?? '?'} ${MODE_SHORT[c.mode] ?? c.mode}${down}`, muted: !!down };
}

function prep(canvas: HTMLCanvasElement, w: number, h: number, dpr: number): CanvasRenderingContext2D {
  canvas.width = Math.max(1, Math.round(w * dpr));
  canvas.height = Math.max(1, Math.round(h * dpr));
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}

/**
 * `only`: the display rows and columns on screen (GridCanvas.visibleRange); labels
 * elsewhere are left out and drawn when a scroll shows them (text is the costly part).
 */
export function drawAxes(
  left: HTMLCanvasElement,
  top: HTMLCanvasElement,
  axes: Axes,
  cellPx: number,
  ix: HostIndex | null,
  theme: ThemeName,
  only?: { x0: number; y0: number; x1: number; y1: number }
): void {
  const dpr = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  const p = PALETTES[theme];
  const font = Math.min(12, Math.max(8, cellPx - 1));
  const l = prep(left, LEFT_AXIS_PX, axes.rows.length * cellPx, dpr);
  l.font = `${font}px ui-monospace, Menlo, Consolas, monospace`;
  l.textBaseline = 'middle';
  const rowStep = cellPx >= font ? 1 : Math.ceil((font + 3) / cellPx);
  axes.rows.forEach((a, y) => {
    if (y % rowStep !== 0 || (only && (y < only.y0 - 1 || y > only.y1))) return;
    const { text, muted } = adapterLabel(ix, a);
    l.fillStyle = muted ? p.axisMuted : p.axisText;
    l.fillText(rowStep > 1 ? hex2(a) + (text.length > 2 ? text.slice(2) : '') : text, 4, (y + 0.5) * cellPx, LEFT_AXIS_PX - 8);
  });
  const t = prep(top, axes.cols.length * cellPx, TOP_AXIS_PX, dpr);
  t.font = `${font}px ui-monospace, Menlo, Consolas, monospace`;
  t.textBaseline = 'middle';
  t.fillStyle = p.axisText;
  const colStep = cellPx >= font ? 1 : Math.ceil((font + 3) / cellPx);
  axes.cols.forEach((d, x) => {
    if (x % colStep !== 0 || (only && (x < only.x0 - 1 || x > only.x1))) return;
    t.save();
    t.translate((x + 0.5) * cellPx, TOP_AXIS_PX - 3);
    t.rotate(-Math.PI / 2);
    t.fillText(hex4(d), 0, 0);
    t.restore();
  });
}
