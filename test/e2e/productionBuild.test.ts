/**
 * `npm start` always serves a production build (issue 9 point 7). A renderer
 * built under the test runner (NODE_ENV=test, as the e2e helpers build it) is
 * React's development build; the start step must see that and rebuild it for
 * production. Built into a scratch folder, not dist/renderer, which parallel
 * tests share.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureProductionRenderer, rendererRebuildReason } from '../../bin/rendererBuild.mjs';
import { ROOT } from '../helpers/browser';

const out = mkdtempSync(path.join(tmpdir(), 'apmatrix-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const bundle = () =>
  readdirSync(path.join(out, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(path.join(out, 'assets', f), 'utf8'))
    .join('');
const stamp = () => JSON.parse(readFileSync(path.join(out, 'build-stamp.json'), 'utf8')) as { mode: string };

describe('the renderer npm start serves', { timeout: 240_000 }, () => {
  it('a build left by the tests is a development build, and start says it must rebuild it', () => {
    // what the e2e helpers run: Vite under the test runner's NODE_ENV=test
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'renderer/vite.config.ts',
        '--logLevel',
        'error',
        '--outDir',
        out
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'test' }
      }
    );
    expect(r.status, r.stderr).toBe(0);
    expect(bundle()).toContain('jsxDEV'); // React's development JSX runtime
    expect(stamp().mode).toBe('development');
    expect(rendererRebuildReason(ROOT, out)).toMatch(/development build.*rebuilding it as a production build/);
  });

  it('start rebuilds it for production, even with NODE_ENV=test in its environment, and then keeps it', () => {
    const said: string[] = [];
    expect(ensureProductionRenderer(ROOT, { outDir: out, say: (s: string) => said.push(s), stdio: 'pipe' })).toMatch(/development build/);
    expect(said.join('\n')).toMatch(/rebuilding it as a production build/);
    expect(stamp().mode).toBe('production');
    expect(bundle()).not.toContain('jsxDEV');
    expect(rendererRebuildReason(ROOT, out)).toBeNull();
    expect(ensureProductionRenderer(ROOT, { outDir: out, say: (s: string) => said.push(s) })).toBeNull();
  });

  it('a build without a stamp (made before stamps existed) is rebuilt too', () => {
    rmSync(path.join(out, 'build-stamp.json'));
    expect(rendererRebuildReason(ROOT, out)).toMatch(/no build stamp/);
  });
});
