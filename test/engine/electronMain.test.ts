/**
 * The bundled Electron main process (dist/electron/main.js, as `npm start` and
 * `npm run dist` build it) run under plain Node with a recording stand-in for
 * the `electron` module (test/helpers/fakeElectron.mjs): the order of set-up,
 * the window's web preferences, the app:// protocol with its CSP, IPC sender
 * and payload checks through the real router, navigation and permissions
 * refused, window state remembered. The real-binary test is e2e/electron.test.ts.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api/contract';
import { ensureRendererBuilt, ROOT, withDistLock } from '../helpers/browser';

interface Report {
  order: string[];
  schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  windows: Array<{ webPreferences: Record<string, unknown>; show: boolean }>;
  ipcChannels: string[];
  menu: string[];
  checks: Record<string, unknown>;
  error?: string;
}

let report: Report;

beforeAll(() => {
  ensureRendererBuilt();
  // dist/electron is shared with packaging.test.ts: bundle and run under one lock
  withDistLock('electron-bundle', () => runBundledMain());
}, 180_000);

function runBundledMain(): void {
  bundleMain();
  report = runMain();
}

function bundleMain(): void {
  const bundle = spawnSync(
    process.execPath,
    ['-e', "import('./bin/electronBundle.mjs').then((m) => m.bundleElectron({ root: process.cwd(), production: false }))"],
    { cwd: ROOT, encoding: 'utf8' }
  );
  if (bundle.status !== 0) throw new Error(`bundling failed: ${bundle.stderr}`);
}

function runMain(env: Record<string, string> = {}): Report {
  const run = spawnSync(process.execPath, ['--import', './test/helpers/fakeElectronHook.mjs', path.join('dist', 'electron', 'main.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env }
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON-REPORT '));
  if (!line) throw new Error(`no report from the main process (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const r = JSON.parse(line.slice('FAKE-ELECTRON-REPORT '.length)) as Report;
  if (r.error) throw new Error(r.error);
  return r;
}

describe('bundled main process', () => {
  it('registers the privileged app:// scheme and the sandbox before ready, then opens one hidden window on app://', () => {
    expect(report.order.slice(0, 2).sort()).toEqual(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged']);
    expect(report.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(report.order.indexOf('protocol.handle app')).toBeLessThan(report.order.indexOf('new BrowserWindow'));
    expect(report.checks.loadedUrl).toBe('app://apmatrix/index.html');
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]!.show).toBe(false);
    expect(report.checks.shown).toBe(true);
  });

  it('a packaged build has no devtools, whatever APMATRIX_DEV says', () => {
    const packaged = withDistLock('electron-bundle', () => runMain({ FAKE_ELECTRON_PACKAGED: '1', APMATRIX_DEV: '1' }));
    expect(packaged.windows[0]!.webPreferences.devTools).toBe(false);
    // unpackaged (npm start from a clone) keeps them
    expect(report.windows[0]!.webPreferences.devTools).toBe(true);
  });

  it('hardens the window: isolation, sandbox, no Node, web security', () => {
    expect(report.windows[0]!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    });
    expect(String(report.windows[0]!.webPreferences.preload)).toMatch(/dist\/electron\/preload\.cjs$/);
    expect(report.checks.navigationPrevented).toBe(true);
    expect(report.checks.windowOpen).toEqual({ action: 'deny' });
    expect(report.checks.permissionDenied).toBe(true);
    expect(report.checks.permissionCheck).toBe(false);
  });

  it('serves the renderer at app://apmatrix with the strict CSP, and nothing else', () => {
    expect(report.checks.indexStatus).toBe(200);
    expect(report.checks.indexHasRoot).toBe(true);
    expect(report.checks.indexCsp).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
    expect(report.checks.escapeStatus).toBe(404);
    expect(report.checks.otherHostStatus).toBe(404);
  });

  it('registers one IPC channel per request; answers the app, refuses others and bad payloads', () => {
    expect(report.ipcChannels.sort()).toEqual(API_METHODS.map((m) => `apmatrix:${m}`).sort());
    expect(report.checks.scenarioNames).toEqual(['default', 'demo', 'legacy', 'full']);
    expect(report.checks.foreignSender).toEqual({ ok: false, error: 'This request did not come from the AP Matrix window.' });
    expect(report.checks.badPayload).toMatchObject({ ok: false });
    expect(report.checks.connectLabel).toBe('demo:demo');
  });

  it('installs the menu and remembers the window on close', () => {
    expect(report.menu).toEqual(['&File', '&Edit', '&View', 'windowMenu']);
    expect(report.checks.windowState).toEqual({ x: 10, y: 20, width: 1300, height: 850, maximized: false });
  });
});
