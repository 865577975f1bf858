/**
 * electron-builder with this repository's electron-builder.yml, for real, as
 * far as it goes without an Electron binary: an unpacked Linux build (`dir`
 * target) around a stand-in Electron folder (electronDist), fuses off as in
 * APMATRIX_TEST_BUILD. Checks what lands in app.asar: the bundled main and
 * preload, the renderer, package.json, the runtime dependencies, and not the
 * simulator's FUSE binding.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt, ROOT, withDistLock } from '../helpers/browser';

const require = createRequire(path.join(ROOT, 'package.json'));
let scratch: string;
let files: string[] = [];
let unpacked: string;

beforeAll(() => {
  ensureRendererBuilt();
  scratch = mkdtempSync(path.join(tmpdir(), 'apmatrix-pack-'));
  const fakeDist = path.join(scratch, 'electron-dist');
  mkdirSync(path.join(fakeDist, 'resources'), { recursive: true });
  writeFileSync(path.join(fakeDist, 'electron'), '#!/bin/sh\necho stand-in\n');
  chmodSync(path.join(fakeDist, 'electron'), 0o755);
  writeFileSync(path.join(fakeDist, 'version'), '45.3.4');
  const out = path.join(scratch, 'out');
  const script = `
    const { createRequire } = require('node:module');
    const { readFileSync } = require('node:fs');
    const r = createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))});
    (async () => {
      await (await import('./bin/electronBundle.mjs')).bundleElectron({ root: process.cwd(), production: true });
      const config = r('js-yaml').load(readFileSync('electron-builder.yml', 'utf8'));
      config.electronFuses = null;
      config.electronDist = ${JSON.stringify(fakeDist)};
      config.directories.output = ${JSON.stringify(out)};
      const { build, Platform } = r('electron-builder');
      await build({ targets: Platform.LINUX.createTarget(['dir']), config, publish: 'never', projectDir: process.cwd() });
    })().catch((e) => { console.error(e); process.exit(1); });`;
  // dist/electron is shared with electronMain.test.ts: bundle and package under one lock
  const run = withDistLock('electron-bundle', () =>
    spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 150_000 })
  );
  if (run.status !== 0) throw new Error(`electron-builder failed:\n${run.stdout}\n${run.stderr}`);
  unpacked = path.join(out, 'linux-unpacked');
  const asar = require('@electron/asar') as { listPackage(file: string): string[] };
  files = asar.listPackage(path.join(unpacked, 'resources', 'app.asar'));
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('electron-builder packaging (unpacked Linux build)', () => {
  it('names the executable apmatrix', () => {
    expect(existsSync(path.join(unpacked, 'apmatrix'))).toBe(true);
  });

  it('puts the bundled main, the preload, the renderer and package.json in app.asar', () => {
    for (const f of ['/package.json', '/dist/electron/main.js', '/dist/electron/preload.cjs', '/dist/renderer/index.html']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => /^\/dist\/electron\/router-[A-Z0-9]+\.js$/.test(f))).toBe(true);
    // no sources, no source maps, no tests
    expect(files.filter((f) => /^\/(electron|renderer|shared|test|bin)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });

  it('ships the runtime dependencies but not the simulator FUSE binding', () => {
    const modules = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]));
    expect(modules.has('ssh2')).toBe(true);
    expect([...modules].filter((m) => m.startsWith('fuse'))).toEqual([]);
    expect(modules.has('react')).toBe(false);
  });
});
