/** Menu clicks arrive as window events (electron/preload.ts); each one reaches its store action. */
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../electron/ipcChannels';

describe('menu commands', () => {
  it('every menu command the preload dispatches has a renderer handler', async () => {
    const listeners = new Map<string, () => void>();
    const calls: string[] = [];
    (globalThis as unknown as { window: unknown }).window = {
      addEventListener: (n: string, f: () => void) => listeners.set(n, f),
      removeEventListener: (n: string) => listeners.delete(n)
    };
    const { installMenuCommands } = await import('../../renderer/src/menuCommands');
    let theme = 'light';
    const store = {
      getState: () => ({
        undo: () => calls.push('undo'),
        redo: () => calls.push('redo'),
        setTab: (t: string) => calls.push(`tab:${t}`),
        theme,
        setTheme: (t: string) => ((theme = t), calls.push(`theme:${t}`))
      })
    };
    const uninstall = installMenuCommands(store as never);
    for (const c of MENU_COMMANDS) {
      const fn = listeners.get(`apmatrix-menu-${c}`);
      expect(fn, `no handler for ${c}`).toBeTypeOf('function');
      fn!();
    }
    expect(calls).toEqual(['tab:export', 'undo', 'redo', 'theme:dark']);
    uninstall();
    expect(listeners.size).toBe(0);
    delete (globalThis as unknown as { window?: unknown }).window;
  });
});
