/**
 * The renderer `npm start` serves is always a production build of the
 * current sources. dist/renderer may hold a build left by the tests (Vitest
 * sets NODE_ENV=test, which gives React's development build: twice the size
 * and much slower on the `full` host), or one older than its sources. The
 * build writes build-stamp.json (renderer/buildStamp.ts); anything without a
 * production stamp, or older than renderer/ and shared/, is rebuilt, with
 * NODE_ENV=production whatever the caller's environment says.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const STAMP_FILE = 'build-stamp.json';

export function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const st = statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Why the renderer in outDir must be (re)built, as a sentence; null when it is a current production build. */
export function rendererRebuildReason(root, outDir = path.join(root, 'dist', 'renderer')) {
  const built = path.join(outDir, 'index.html');
  if (!existsSync(built)) return 'building the renderer (first run)';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(outDir, STAMP_FILE), 'utf8'));
  } catch {
    return 'the built renderer has no build stamp: rebuilding it as a production build';
  }
  if (stamp?.mode !== 'production')
    return `the built renderer is a ${stamp?.mode ?? 'unknown'} build (left by the tests?): rebuilding it as a production build`;
  const sources = Math.max(...['renderer', 'shared'].map((d) => newestMtime(path.join(root, d))));
  if (sources > statSync(built).mtimeMs) return 'renderer sources changed: rebuilding the renderer';
  return null;
}

/** Builds the renderer for production into outDir; returns the exit status of Vite. */
export function buildRendererForProduction(root, { outDir, stdio = 'inherit' } = {}) {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn', '--mode', 'production'];
  if (outDir) args.push('--outDir', outDir);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio, env: { ...process.env, NODE_ENV: 'production' } });
  return r.status ?? 1;
}

/** Rebuilds when needed (or when forced); returns the sentence said, or null when nothing was built. */
export function ensureProductionRenderer(root, { outDir, force = false, say = () => {}, stdio } = {}) {
  const why = rendererRebuildReason(root, outDir) ?? (force ? 'rebuilding the renderer (--rebuild)' : null);
  if (!why) return null;
  say(`${why} ...`);
  const status = buildRendererForProduction(root, { outDir, stdio });
  if (status !== 0) throw Object.assign(new Error('the renderer build failed (see above).'), { code: 'EBUILD', status });
  return why;
}
