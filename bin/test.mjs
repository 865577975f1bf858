#!/usr/bin/env node
// `npm test`: the project's one test command.
//  1. the system set-up a fresh machine needs beyond `npm install`: missing
//     Debian packages installed (as root or through `sudo -n`, else it stops
//     with the command to run) and /dev/fuse made usable (bin/testSetup.mjs);
//     then the CLI bundle is built once (bin/nodeBundle.mjs);
//  2. `vitest run` with a readable reporter on the console and the JSON
//     reporter to test-results/vitest.json;
//  3. exactly one summary line at the end: `N passed, N failed[, N skipped]`.
// Exit status: non-zero if anything failed or if no test ran.
// Extra arguments go to vitest: `npm test -- test/kernel`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const STARTED = Date.now();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'test-results', 'vitest.json');
// written under a per-run name first, so runs side by side never read each other's report
const RUN_RESULTS = path.join(ROOT, 'test-results', `vitest-${process.pid}.json`);

function note(line) {
  process.stdout.write(`[test setup] ${line}\n`);
}

// ---- system set-up: Debian packages and /dev/fuse (bin/testSetup.mjs) --------
const { runTestSetup } = await import('./testSetup.mjs');
if (!runTestSetup(note)) {
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

// Stale simulator mounts (a killed test run) make later mounts of the same
// directory fail: lazily unmount apmatrix mounts whose server is gone.
try {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n');
  for (const line of mounts) {
    const [, where, type] = line.split(' ');
    if (type !== 'fuse.apmatrix' || !where) continue;
    let stale = false;
    try {
      statSync(where.replace(/\\040/g, ' '));
    } catch (e) {
      stale = e.code === 'ENOTCONN';
    }
    if (stale) {
      spawnSync('fusermount', ['-uz', where], { stdio: 'ignore' });
      note(`cleared a stale simulator mount at ${where}`);
    }
  }
} catch {
  /* no /proc/mounts: nothing to clean */
}
// empty mount points left by killed runs of test/helpers/simMount.ts; only old
// ones, so a run that is mounting right now keeps its fresh directory
for (const name of readdirSync(os.tmpdir())) {
  if (!name.startsWith('apmatrix-mnt-')) continue;
  const dir = path.join(os.tmpdir(), name);
  try {
    if (Date.now() - statSync(dir).mtimeMs > 10 * 60_000) rmdirSync(dir);
  } catch {
    /* mounted, stale, or not empty: leave it */
  }
}
// ------------------------------------------------------------------------------

// the command line and browser-mode bundle (bin/nodeBundle.mjs), built once
// here so that the many `apmatrix` processes the tests start all run it
const { ensureBundle } = await import('./nodeBundle.mjs');
if (!(await ensureBundle())) note('could not build dist/node with esbuild: `apmatrix` runs from source through tsx (slower)');

mkdirSync(path.dirname(RESULTS), { recursive: true });
rmSync(RUN_RESULTS, { force: true });

const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
if (!existsSync(vitest)) {
  process.stdout.write('vitest is not installed: run `npm install` first\n0 passed, 1 failed\n');
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${RUN_RESULTS}`, ...process.argv.slice(2)],
  // colour codes only on a terminal: CI logs stay readable
  { cwd: ROOT, stdio: 'inherit', env: process.stdout.isTTY || process.env.FORCE_COLOR ? process.env : { ...process.env, NO_COLOR: '1' } }
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));

// APMATRIX_TEST_TIMEOUT_S (used by .ci/run): stop vitest after that many
// seconds and still end with the summary line, counting the stop as a failure.
const limitS = Number(process.env.APMATRIX_TEST_TIMEOUT_S) || 0;
let timedOut = false;
if (limitS > 0) {
  // counted from the start of this process: the set-up's installs use the same budget
  setTimeout(
    () => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    },
    Math.max(1000, limitS * 1000 - (Date.now() - STARTED))
  ).unref();
}

const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));

let passed = 0;
let failed = 0;
let skipped = 0;
let reported = false;
try {
  const report = JSON.parse(readFileSync(RUN_RESULTS, 'utf8'));
  renameSync(RUN_RESULTS, RESULTS);
  reported = true;
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // a test file that cannot load has no failed test but must not pass silently
  for (const file of report.testResults ?? []) {
    const failedInside = (file.assertionResults ?? []).some((t) => t.status === 'failed');
    if (file.status === 'failed' && !failedInside) failed += 1;
  }
} catch {
  // no report: vitest failed before running anything, or was stopped
  if (code !== 0 && !timedOut) failed += 1;
}
if (timedOut) {
  process.stdout.write(`the tests were stopped after ${limitS} s (APMATRIX_TEST_TIMEOUT_S)\n`);
  failed += 1;
}
if (code !== 0 && failed === 0) failed = 1; // vitest failed for a reason the report does not count (e.g. unhandled error)

if (reported) process.stdout.write(`JSON report: ${path.relative(process.cwd(), RESULTS) || RESULTS}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
