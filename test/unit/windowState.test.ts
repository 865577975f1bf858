/** The remembered window geometry is validated on read, never trusted. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWindowState, loadWindowState, saveWindowState, validWindowState } from '../../electron/windowState';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it('round-trips a sane state through the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'apmatrix-ws-'));
    const file = path.join(dir, 'window-state.json');
    const state = { x: 100, y: 50, width: 1200, height: 800, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file, [screen], screen)).toEqual(state);
    rmSync(dir, { recursive: true });
  });

  it('falls back to a centred default for garbage, tiny, huge or off-screen states', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'apmatrix-ws-'));
    const file = path.join(dir, 'window-state.json');
    const fallback = defaultWindowState(screen);
    for (const text of [
      'not json',
      '[]',
      '{"x":"1","y":0,"width":1200,"height":800}',
      '{"x":0,"y":0,"width":10,"height":10}',
      '{"x":0,"y":0,"width":1e9,"height":800}',
      '{"x":5000,"y":5000,"width":1200,"height":800}',
      '{"x":0.5,"y":0,"width":1200,"height":800}'
    ]) {
      writeFileSync(file, text);
      expect(loadWindowState(file, [screen], screen), text).toEqual(fallback);
    }
    expect(loadWindowState(path.join(dir, 'missing.json'), [screen], screen)).toEqual(fallback);
    rmSync(dir, { recursive: true });
  });

  it('accepts a window on a second display', () => {
    const second = { x: 1920, y: 0, width: 1280, height: 1024 };
    expect(validWindowState({ x: 2000, y: 10, width: 1000, height: 700 }, [screen, second])).not.toBeNull();
    expect(validWindowState({ x: 2000, y: 10, width: 1000, height: 700 }, [screen])).toBeNull();
  });
});
