/**
 * End-to-end harness: the real browser bridge (real router, engine and
 * transports) started in this process, and Debian Chromium driven by
 * playwright-core with a fresh user-data dir.
 *
 *   const app = await openApp();            // bridge + Chromium + page on the bridge URL
 *   await app.page.getByTestId('scenario-demo').click();
 *   await app.shot('connect');               // artifacts/screenshots/connect.png
 *   await app.close();
 *
 * The bridge runs in-process: FUSE mounts (test/helpers/simMount) are served
 * by their own child processes, so reading them from here cannot deadlock.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { BridgeServer } from '../../electron/bridge/server';
import type { RouterOptions } from '../../electron/engine/router';
import { newestMtime } from '../../bin/rendererBuild.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');
export const SCREENSHOT_DIR = path.join(ROOT, 'artifacts', 'screenshots');

function rendererStale(): boolean {
  const index = path.join(RENDERER_DIR, 'index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'renderer')), newestMtime(path.join(ROOT, 'shared')));
  return !existsSync(index) || statSync(index).mtimeMs < sources;
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `fn` while holding a lock folder under dist/ (test files run in
 * parallel processes that share dist/renderer and dist/electron).
 */
export function withDistLock<T>(name: string, fn: () => T): T {
  const lock = path.join(ROOT, 'dist', `.${name}.lock`);
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock older than 5 minutes belongs to a process that died
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Waited 4 minutes for ${lock}.`);
      pause(250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds dist/renderer with Vite when it is missing or older than its sources (as `npm start` does). */
export function ensureRendererBuilt(): void {
  if (!rendererStale()) return;
  withDistLock('renderer-build', () => {
    if (!rendererStale()) return;
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 180_000
      }
    );
    if (r.status !== 0) throw new Error(`The renderer build failed:\n${r.stdout}\n${r.stderr}`);
  });
}

/**
 * The Electron binary, or null with the reason. Mirrors bin/start.mjs: never
 * `require('electron')`, which tries a download and throws without the binary.
 */
export function findElectronBinary(): { binary: string | null; why: string } {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathTxt = path.join(pkg, 'path.txt');
  const name = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, name ?? 'electron') : name ? path.join(pkg, 'dist', name) : null;
  if (!binary) return { binary: null, why: 'no Electron binary is installed (node_modules/electron/path.txt is missing)' };
  if (!existsSync(binary)) return { binary: null, why: `the Electron binary ${binary} does not exist` };
  return { binary, why: '' };
}

export interface OpenApp {
  bridge: BridgeServer;
  context: BrowserContext;
  page: Page;
  /** where saveFile writes in this run */
  downloadsDir: string;
  /** page errors and console errors seen so far */
  errors: string[];
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  viewport?: { width: number; height: number };
  /** device px per CSS px (2 or 3: a HiDPI screen); 1 unless told */
  deviceScaleFactor?: number;
  colorScheme?: 'light' | 'dark';
  routerOptions?: RouterOptions;
}

export async function openApp(opts: OpenAppOptions = {}): Promise<OpenApp> {
  ensureRendererBuilt();
  const { startBrowserMode } = await import('../../electron/bridge/browserMode');
  const scratch = mkdtempSync(path.join(tmpdir(), 'apmatrix-e2e-'));
  const downloadsDir = path.join(scratch, 'downloads');
  const bridge = await startBrowserMode({
    staticDir: RENDERER_DIR,
    downloadsDir,
    // the apply lock lives in the scratch dir, not in /run/lock
    routerOptions: { apLock: path.join(scratch, 's390apconfig.lock'), ...opts.routerOptions }
  });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(path.join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: opts.viewport ?? { width: 1440, height: 900 },
      deviceScaleFactor: opts.deviceScaleFactor,
      colorScheme: opts.colorScheme ?? 'light'
    });
  } catch (err) {
    await bridge.close();
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // a failed fetch is reported below with its URL
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(bridge.url);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    bridge,
    context,
    page,
    downloadsDir,
    errors,
    async shot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await context.close().catch(() => {});
      await bridge.close().catch(() => {});
      rmSync(scratch, { recursive: true, force: true });
    }
  };
}

/**
 * The app of one test file: opened by `open` (openApp() unless told) before
 * the file's first test, closed after its last; then `afterClose` runs (to
 * stop what the app read from, once it no longer reads). The object returned
 * stands for the app opened then, so the tests read `app.page` as from
 * openApp itself; reading it before it is open throws.
 *
 *   const app = appForFile();                              // the demo host at 1440 x 900
 *   const app = appForFile(() => openApp({ viewport }));   // or any set-up that returns an OpenApp
 */
export function appForFile(open: () => Promise<OpenApp> = () => openApp(), afterClose?: () => Promise<unknown>): OpenApp {
  let opened: OpenApp | undefined;
  beforeAll(async () => {
    opened = await open();
  }, 180_000);
  afterAll(async () => {
    await opened?.close();
    await afterClose?.();
  });
  const current = (): OpenApp => {
    if (!opened) throw new Error('The app is opened in beforeAll: use it inside a test or a later hook.');
    return opened;
  };
  return {
    get bridge() {
      return current().bridge;
    },
    get context() {
      return current().context;
    },
    get page() {
      return current().page;
    },
    get downloadsDir() {
      return current().downloadsDir;
    },
    get errors() {
      return current().errors;
    },
    shot: (name) => current().shot(name),
    close: () => current().close()
  };
}

/** Page coordinates of a cell's centre, from the renderer's test hook. */
export async function cellPoint(page: Page, adapter: number, domain: number): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(
    ([a, d]) =>
      (
        window as unknown as { __apmatrixTest?: { cellToClient(a: number, d: number): { x: number; y: number } | null } }
      ).__apmatrixTest?.cellToClient(a, d) ?? null,
    [adapter, domain] as const
  );
  if (!p) throw new Error(`Cell ${adapter}.${domain} is not on screen (window.__apmatrixTest.cellToClient gave nothing).`);
  return p;
}
