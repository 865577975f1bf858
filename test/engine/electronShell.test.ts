/**
 * The Electron shell's logic without the Electron binary: IPC sender and
 * payload checks (ipc.ts), the exact surface the preload exposes and its
 * stripping of the IPC event, and the menu's accelerators. `electron` is
 * replaced only where the preload imports it; everything else is real.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type ApplyProgress } from '../../shared/api/contract';
import { checkRequestPayload } from '../../electron/bridge/payloadCheck';
import type { RouterApi } from '../../electron/bridge/routerApi';
import { handleRequest, isTrustedSender, type IpcDeps } from '../../electron/ipc';
import { MENU_CHANNEL, PROGRESS_CHANNEL, requestChannel } from '../../electron/ipcChannels';
import { buildMenuTemplate } from '../../electron/menu';

const top = (url: string) => ({ senderFrame: { url, parent: null } }) as never;
const sub = (url: string) => ({ senderFrame: { url, parent: {} } }) as never;

const calls: string[] = [];
const deps: IpcDeps = {
  getRouter: async () =>
    ({
      listTargets: async () => (calls.push('listTargets'), { scenarios: [], sshHosts: [], defaultLocalRoot: '/sys' }),
      readHost: async () => {
        throw Object.assign(new Error('The connection c9 is closed.'), { code: 'ENOTCONN' });
      },
      onApplyProgress: () => () => {}
    }) as unknown as RouterApi,
  saveFile: async (req) => ({ saved: true, path: `/chosen/${req.suggestedName}` }),
  checkPayload: checkRequestPayload
};

describe('ipc.ts', () => {
  it('trusts only the app:// top frame', () => {
    expect(isTrustedSender(top('app://apmatrix/index.html'))).toBe(true);
    expect(isTrustedSender(top('app://apmatrix/'))).toBe(true);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      ''
    ]) {
      expect(isTrustedSender(top(url)), url).toBe(false);
    }
    expect(isTrustedSender(sub('app://apmatrix/index.html'))).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false);
  });

  it('answers trusted, well-formed requests and refuses the rest before the router', async () => {
    calls.length = 0;
    expect(await handleRequest(deps, 'listTargets', top('app://apmatrix/index.html'), undefined)).toEqual({
      ok: true,
      result: { scenarios: [], sshHosts: [], defaultLocalRoot: '/sys' }
    });
    const foreign = await handleRequest(deps, 'listTargets', top('https://evil.example/'), undefined);
    expect(foreign).toEqual({ ok: false, error: 'This request did not come from the AP Matrix window.' });
    const malformed = await handleRequest(deps, 'readHost', top('app://apmatrix/index.html'), 42);
    expect(malformed.ok).toBe(false);
    expect(calls).toEqual(['listTargets']);
  });

  it('turns router errors into sentences and routes saveFile to the shell', async () => {
    const app = top('app://apmatrix/index.html');
    expect(await handleRequest(deps, 'readHost', app, { connectionId: 'c9' })).toEqual({
      ok: false,
      error: 'The connection c9 is closed.'
    });
    expect(await handleRequest(deps, 'saveFile', app, { suggestedName: 'plan.sh', text: '#!/bin/sh\n' })).toEqual({
      ok: true,
      result: { saved: true, path: '/chosen/plan.sh' }
    });
  });
});

describe('preload.ts', () => {
  const exposed: Record<string, unknown> = {};
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const dispatched: string[] = [];

  beforeAll(async () => {
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (channel: string, params: unknown) => {
          invoked.push([channel, params]);
          return channel === requestChannel('readHost') ? { ok: false, error: 'No host.' } : { ok: true, result: 'r' };
        },
        on: (ch: string, fn: (...a: unknown[]) => void) => (listeners.get(ch) ?? listeners.set(ch, new Set()).get(ch)!).add(fn),
        removeListener: (ch: string, fn: (...a: unknown[]) => void) => listeners.get(ch)?.delete(fn)
      }
    }));
    vi.stubGlobal('window', { dispatchEvent: (e: Event) => dispatched.push(e.type) });
    await import('../../electron/preload');
  });

  it('exposes exactly the contract functions as window.apmatrix, and nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['apmatrix']);
    const api = exposed.apmatrix as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'onApplyProgress'].sort());
    for (const fn of Object.values(api)) expect(typeof fn).toBe('function');
  });

  it('calls one channel per request and rethrows the error sentence', async () => {
    const api = exposed.apmatrix as Record<string, (req?: unknown) => Promise<unknown>>;
    expect(await api.connect!({ target: { kind: 'demo', scenario: 'demo' } })).toBe('r');
    expect(invoked.at(-1)).toEqual([requestChannel('connect'), { target: { kind: 'demo', scenario: 'demo' } }]);
    await expect(api.readHost!({ connectionId: 'x' })).rejects.toThrow('No host.');
  });

  it('hands progress listeners only the progress value, and unsubscribes', () => {
    const api = exposed.apmatrix as { onApplyProgress(l: (...a: unknown[]) => void): () => void };
    const got: unknown[][] = [];
    const off = api.onApplyProgress((...args) => got.push(args));
    const progress: ApplyProgress = { applyId: 'a', step: 1, total: 2, state: 'ok', message: 'done' };
    for (const fn of listeners.get(PROGRESS_CHANNEL)!) fn({ sender: 'the IpcRendererEvent' }, progress);
    expect(got).toEqual([[progress]]);
    off();
    expect(listeners.get(PROGRESS_CHANNEL)!.size).toBe(0);
  });

  it('turns known menu commands into DOM events and ignores others', () => {
    for (const fn of listeners.get(MENU_CHANNEL)!) {
      fn({}, 'export');
      fn({}, 'rm -rf');
    }
    expect(dispatched).toEqual(['apmatrix-menu-export']);
  });
});

describe('menu.ts', () => {
  const flat = (dev: boolean) => buildMenuTemplate({ dev, isMac: false }).flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
  it('has the usual accelerators, and reload only in development', () => {
    const items = flat(false);
    const accel = (label: string) => items.find((i) => i.label === label)?.accelerator;
    expect(accel('Export Plan…')).toBe('CmdOrCtrl+E');
    expect(accel('Undo')).toBe('CmdOrCtrl+Z');
    expect(accel('Redo')).toBe('Ctrl+Y');
    expect(accel('Toggle Theme')).toBe('CmdOrCtrl+Shift+L');
    for (const role of ['quit', 'copy', 'paste', 'zoomIn', 'zoomOut', 'resetZoom'])
      expect(
        items.some((i) => i.role === role),
        role
      ).toBe(true);
    expect(items.some((i) => i.role === 'reload')).toBe(false);
    expect(flat(true).some((i) => i.role === 'reload')).toBe(true);
  });
});
