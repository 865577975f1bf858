#!/usr/bin/env node
/**
 * `npm run dist`: packages AP Matrix with electron-builder.
 *   1. type-check (npm run typecheck)
 *   2. bundle main + preload with esbuild into dist/electron
 *   3. build the renderer with Vite into dist/renderer
 *   4. run electron-builder with electron-builder.yml (publish: never)
 *
 * Options: --check  validate electron-builder.yml and stop (works without an Electron binary)
 *          --dir    unpacked build only (out/<platform>-unpacked), no installers
 *          any other argument is passed to electron-builder as a target platform
 *          flag (--linux, --mac, --win).
 * Environment: APMATRIX_TEST_BUILD=1 leaves the Electron fuses off, for
 *              Playwright's _electron.launch (it needs --inspect); never ship it.
 *              ELECTRON_DIST=/path/to/unpacked/electron packages a local Electron
 *              (electron-builder's electronDist) instead of downloading one.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleElectron } from './electronBundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const args = process.argv.slice(2);
const say = (line) => process.stdout.write(`dist: ${line}\n`);

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    say(`${[cmd, ...cmdArgs].join(' ')} failed.`);
    process.exit(r.status ?? 1);
  }
}

async function loadConfig() {
  const yaml = require('js-yaml');
  const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  if (process.env.APMATRIX_TEST_BUILD === '1') {
    say('APMATRIX_TEST_BUILD=1: building WITHOUT security fuses (for Playwright only).');
    config.electronFuses = null;
  }
  if (process.env.ELECTRON_DIST) config.electronDist = process.env.ELECTRON_DIST;
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
  await validateConfiguration(config, { isEnabled: false, add() {} });
  return config;
}

const config = await loadConfig();
say('electron-builder.yml is valid.');
if (args.includes('--check')) process.exit(0);

say('type-checking ...');
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']);
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.electron.json']);
say('bundling main and preload ...');
await bundleElectron({ root, production: true });
say('building the renderer ...');
run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts']);

say('packaging with electron-builder ...');
const { build, Platform } = require('electron-builder');
const platforms = { '--linux': Platform.LINUX, '--mac': Platform.MAC, '--win': Platform.WINDOWS };
const chosen = args.filter((a) => a in platforms).map((a) => platforms[a]);
const targets = (chosen.length ? chosen : [Platform.current()]).map((p) => p.createTarget(args.includes('--dir') ? ['dir'] : undefined));
try {
  const files = [];
  for (const target of targets) files.push(...(await build({ targets: target, config, publish: 'never', projectDir: root })));
  say(files.length ? `done:\n  ${files.join('\n  ')}` : `done: unpacked app in ${path.join(root, 'out')}`);
} catch (err) {
  say(`electron-builder failed: ${err instanceof Error ? err.message : String(err)}`);
  say('it downloads Electron for the target platform; where that host is unreachable, set ELECTRON_DIST to an unpacked Electron.');
  process.exit(1);
}
