/**
 * Start-up cost of the command line. Candidate: `node bin/apmatrix.mjs
 * snapshot --demo default` (the esbuild bundle in dist/node, plain Node).
 * Baseline: `node -e 0` (Node itself). The two run in turn, A B A B ..., so
 * that a drift of the shared machine hits both; each figure is the median
 * over the pairs, the ratio is the median of the per-pair ratios.
 * Wall time from the parent; CPU time (user + sys) from the parent's
 * `cutime + cstime` in /proc/self/stat (children it has reaped; Linux, 10 ms ticks).
 * Run: npx tsx bench/cliStart.bench.ts [--runs N]     Goal (issue 12): ratio <= 4.
 * Exit status 1 when the wall-time ratio is above the goal.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBundle } from '../bin/nodeBundle.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const GOAL = 4;

const candidate = [path.join(ROOT, 'bin', 'apmatrix.mjs'), 'snapshot', '--demo', 'default'];
const baseline = ['-e', '0'];

/** CPU seconds of reaped children so far (fields 16 and 17 of /proc/self/stat, in ticks of 10 ms). */
function childCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function once(args: string[]): { wall: number; cpu: number } {
  const cpu0 = childCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr.toString().trim()}`);
  return { wall, cpu: childCpu() - cpu0 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;

// the bundle is built once here, like `npm test` and the first run do, and not timed
if (!(await ensureBundle())) console.log('(could not build dist/node: the candidate runs from source through tsx)');
once(candidate);
once(baseline); // warm-up: file cache, CPU frequency

const a: Array<{ wall: number; cpu: number }> = [];
const b: Array<{ wall: number; cpu: number }> = [];
for (let i = 0; i < RUNS; i++) {
  a.push(once(candidate));
  b.push(once(baseline));
}
const wallRatio = median(a.map((x, i) => x.wall / b[i].wall));
const cpuA = a.reduce((t, x) => t + x.cpu, 0);
const cpuB = b.reduce((t, x) => t + x.cpu, 0);
console.log(`pairs: ${RUNS}`);
console.log(`baseline  node -e 0                                      wall ${ms(median(b.map((x) => x.wall)))}  cpu ${ms(cpuB / RUNS)}`);
console.log(`candidate node bin/apmatrix.mjs snapshot --demo default  wall ${ms(median(a.map((x) => x.wall)))}  cpu ${ms(cpuA / RUNS)}`);
console.log(
  `ratio: wall ${wallRatio.toFixed(2)}x (median of pairs), cpu ${(cpuA / Math.max(cpuB, 0.01)).toFixed(2)}x (totals); goal <= ${GOAL}x`
);
process.exit(wallRatio <= GOAL ? 0 : 1);
