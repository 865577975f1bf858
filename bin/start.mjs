#!/usr/bin/env node
/**
 * `npm start`: everything a fresh clone needs after `npm install`.
 *
 * 1. Builds the renderer with Vite (production) when dist/renderer is missing,
 *    older than its sources or not a production build.
 * 2. Opens Electron when its binary is installed (main and preload are bundled
 *    with esbuild into dist/electron first).
 * 3. Otherwise says why in one line and serves the browser mode on
 *    127.0.0.1: prints the URL (with its access token) and opens a browser
 *    when one can be shown. Never fails for lack of a browser. The server
 *    runs from the esbuild bundle in dist/node (bin/nodeBundle.mjs), rebuilt
 *    when its sources changed.
 *
 * Options: --browser (browser mode even when Electron exists), --no-open,
 *          --port N, --rebuild (force a renderer build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleElectron } from './electronBundle.mjs';
import { loadEntry } from './nodeBundle.mjs';
import { ensureProductionRenderer } from './rendererBuild.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 0;

function say(line) {
  process.stdout.write(`apmatrix: ${line}\n`);
}

function ensureInstalled() {
  if (!existsSync(path.join(root, 'node_modules', 'vite'))) {
    say('dependencies are missing: run `npm install` first, then `npm start`.');
    process.exit(1);
  }
}

function ensureRendererBuilt() {
  // a production build of the current sources, whatever dist/renderer holds (bin/rendererBuild.mjs)
  try {
    ensureProductionRenderer(root, { force: flag('--rebuild'), say });
  } catch (e) {
    say(e.message);
    process.exit(e.status ?? 1);
  }
}

/**
 * The Electron binary's path, or a sentence saying why there is none.
 * Never `require('electron')`: without the binary it tries a download and throws.
 */
export function findElectronBinary(dir = root) {
  const pkg = path.join(dir, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { binary: null, why: 'the electron package is not installed' };
  const pathTxt = path.join(pkg, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const name = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : 'electron';
    const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name);
    return existsSync(binary) ? { binary, why: null } : { binary: null, why: `no Electron binary at ${binary}` };
  }
  if (!existsSync(pathTxt)) {
    return {
      binary: null,
      why: 'no Electron binary is installed (node_modules/electron/path.txt is missing; `npx install-electron` fetches it where its download host is reachable)'
    };
  }
  const binary = path.join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(binary) ? { binary, why: null } : { binary: null, why: `the Electron binary ${binary} is missing` };
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function commandExists(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
}

/**
 * The tokened URL must not appear in a launcher's argv (/proc/<pid>/cmdline is
 * readable by every local user): the browser is pointed at a 0600 file in a
 * 0700 folder that redirects to it, as Jupyter does.
 */
function launchFile(url) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apmatrix-launch-'));
  const file = path.join(dir, 'open.html');
  const safe = url.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  writeFileSync(
    file,
    `<!doctype html><meta http-equiv="refresh" content="0;url=${safe}"><title>AP Matrix</title><a href="${safe}">AP Matrix</a>\n`,
    { mode: 0o600 }
  );
  return pathToFileURL(file).href;
}

/** Opens the URL in a browser when one can be shown; returns a sentence saying what happened. */
function openBrowser(tokenUrl) {
  if (!hasDisplay()) return 'no display found: open the URL above in a browser.';
  const url = launchFile(tokenUrl);
  const tries =
    process.platform === 'darwin'
      ? [['open', [url]]]
      : process.platform === 'win32'
        ? [['cmd', ['/c', 'start', '', url]]]
        : [
            ['xdg-open', [url]],
            ['chromium', [`--app=${url}`]],
            ['chromium-browser', [`--app=${url}`]]
          ];
  for (const [cmd, cmdArgs] of tries) {
    if (process.platform === 'linux' && !commandExists(cmd)) continue;
    try {
      const child = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true });
      child.on('error', () => {});
      child.unref();
      return `opened with ${cmd}.`;
    } catch {
      /* try the next one */
    }
  }
  return 'no browser launcher found: open the URL above in a browser.';
}

async function runElectron(binary) {
  await bundleElectron({ root, production: false });
  say(`opening Electron (${binary})`);
  const child = spawn(binary, [root], { stdio: 'inherit', env: { ...process.env, APMATRIX_DEV: '1' } });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function runBrowserMode() {
  // the bridge and the engine: the esbuild bundle (rebuilt when stale), else tsx
  const { startBrowserMode } = await loadEntry('browserMode');
  const bridge = await startBrowserMode({ staticDir: path.join(root, 'dist', 'renderer'), port: portArg, log: say });
  say(`browser mode on ${bridge.origin} (demo host)`);
  process.stdout.write(`\n    ${bridge.url}\n\n`);
  say(flag('--no-open') ? 'not opening a browser (--no-open).' : openBrowser(bridge.url));
  say('press Ctrl+C to stop.');
  const stop = () => bridge.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureInstalled();
  ensureRendererBuilt();
  const { binary, why } = findElectronBinary();
  if (binary && !flag('--browser')) {
    await runElectron(binary);
  } else {
    say(flag('--browser') ? 'browser mode requested (--browser).' : `${why}; serving the browser mode instead.`);
    await runBrowserMode();
  }
}
