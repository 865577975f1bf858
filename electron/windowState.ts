/**
 * Remembers the window's size and position in `<userData>/window-state.json`.
 * The file is validated on read: anything malformed, absurdly sized or off
 * every display falls back to a centred default. Pure Node (no electron import):
 * main.ts passes the displays' work areas in.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState extends Rect {
  maximized: boolean;
}

export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
export const DEFAULT_SIZE = { width: 1400, height: 900 };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 100_000;

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export function defaultWindowState(workArea: Rect): WindowState {
  const width = Math.max(MIN_WIDTH, Math.min(DEFAULT_SIZE.width, workArea.width));
  const height = Math.max(MIN_HEIGHT, Math.min(DEFAULT_SIZE.height, workArea.height));
  return {
    x: workArea.x + Math.round((workArea.width - width) / 2),
    y: workArea.y + Math.round((workArea.height - height) / 2),
    width,
    height,
    maximized: false
  };
}

/** Validates a parsed JSON value against the displays; null when unusable. */
export function validWindowState(value: unknown, workAreas: Rect[]): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isInt(v.x) || !isInt(v.y) || !isInt(v.width) || !isInt(v.height)) return null;
  if (v.width < MIN_WIDTH || v.height < MIN_HEIGHT || v.width > 20_000 || v.height > 20_000) return null;
  const rect = { x: v.x, y: v.y, width: v.width, height: v.height };
  // at least a quarter of the window (or 200 x 100 px) must be on some display
  const needed = Math.min((rect.width * rect.height) / 4, 200 * 100);
  if (!workAreas.some((area) => overlapArea(rect, area) >= needed)) return null;
  return { ...rect, maximized: v.maximized === true };
}

export function loadWindowState(file: string, workAreas: Rect[], primary: Rect): WindowState {
  try {
    return validWindowState(JSON.parse(readFileSync(file, 'utf8')), workAreas) ?? defaultWindowState(primary);
  } catch {
    return defaultWindowState(primary);
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    // write then rename: a crash never leaves half a file
    writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  } catch {
    /* remembering the window is a courtesy, never a failure */
  }
}
