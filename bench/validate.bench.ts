/**
 * Validation speed (issue 3 item 7): a 200-operation plan on the `full`
 * scenario (65,536 queues, 64 mdevs), validated by replay on the kernel model
 * (validatePlan) beside a naive baseline that rebuilds every queue set
 * (65,536-bit cartesian products of the host and of every mdev) before each
 * operation. Prints the median of several runs of each and the ratio; checks
 * that both judge every operation the same way.
 *
 *   npx tsx bench/validate.bench.ts
 */
import { cpus, loadavg } from 'node:os';
import { createKernel } from '../shared/kernel/kernel';
import { buildScenario } from '../shared/kernel/scenarios';
import type { Operation, Plan } from '../shared/plan/operations';
import { kernelStateFromHost } from '../shared/host/toKernel';
import { snapshotKernel } from '../shared/host/snapshot';
import { validatePlan } from '../shared/plan/validate';
import type { HostState } from '../shared/host/hostState';
import { naiveValidate } from './validateNaive';

/** runs per measurement (the baseline takes about a second a run, so it gets fewer) */
const RUNS = Number(process.env.RUNS ?? 40);
const BASE_RUNS = Number(process.env.BASE_RUNS ?? 5);

function uuid(i: number): string {
  return `bbbbbbbb-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/**
 * `full`: host owns adapters 0x00-0x7f x all domains; mdev i holds adapters
 * 0x80+2i, 0x81+2i x domains 4i..4i+3. The plan (all valid):
 *  - 128: every mdev gives up its last domain (usage and control);
 *  -  32: 8 new mdevs take (0x80+2k) x (4k+3), one freed queue each, with control domain;
 *  -  16: the host frees adapters 0x70-0x7f one write at a time;
 *  -  24: 8 more new mdevs take (0x70+k) x (4k+3), freshly freed.
 */
function fullPlan(): Plan {
  const ops: Operation[] = [];
  const fullUuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  for (let i = 0; i < 64; i++) {
    ops.push({ kind: 'unassign-domain', uuid: fullUuid(i), id: 4 * i + 3 });
    ops.push({ kind: 'unassign-control-domain', uuid: fullUuid(i), id: 4 * i + 3 });
  }
  for (let k = 0; k < 8; k++) {
    ops.push({ kind: 'create-mdev', uuid: uuid(k) });
    ops.push({ kind: 'assign-adapter', uuid: uuid(k), id: 0x80 + 2 * k });
    ops.push({ kind: 'assign-domain', uuid: uuid(k), id: 4 * k + 3 });
    ops.push({ kind: 'assign-control-domain', uuid: uuid(k), id: 4 * k + 3 });
  }
  for (let a = 0x70; a <= 0x7f; a++) ops.push({ kind: 'apmask', set: [], clear: [a] });
  for (let k = 0; k < 8; k++) {
    ops.push({ kind: 'create-mdev', uuid: uuid(8 + k) });
    ops.push({ kind: 'assign-adapter', uuid: uuid(8 + k), id: 0x70 + k });
    ops.push({ kind: 'assign-domain', uuid: uuid(8 + k), id: 4 * k + 3 });
  }
  return { title: '200 operations on full', operations: ops };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs = RUNS, warmup = 10): number[] {
  const out: number[] = [];
  for (let i = 0; i < warmup; i++) fn();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const sc = buildScenario('full');
// the snapshot as the app reads it: the kernel model dumped and parsed like a real host
const host: HostState = snapshotKernel(createKernel(sc.state), { guests: sc.guests, mdevctl: sc.mdevctl }, 'demo:full');
const plan = fullPlan();
if (plan.operations.length !== 200) throw new Error(`plan has ${plan.operations.length} operations, not 200`);

const v = validatePlan(host, plan);
const n = naiveValidate(kernelStateFromHost(host), plan);
const same = v.verdicts.every((x, i) => x.errno === n.errnos[i]);
if (v.firstFailure !== -1) throw new Error(`step ${v.firstFailure + 1} fails: ${v.verdicts[v.firstFailure].message}`);
if (!same) throw new Error('the baseline and the candidate disagree on a verdict');
const sum = (c: typeof v.changes) =>
  c
    .map((x) => `${x.owner}:${x.gained.length}/${x.lost.length}`)
    .sort()
    .join(' ');
if (sum(v.changes) !== sum(n.changes)) throw new Error('the baseline and the candidate disagree on the owner changes');

const warm = time(() => validatePlan(host, plan));
// a new snapshot object each run: the per-snapshot indexes (hostIndex) are built again
const cold = time(() => validatePlan({ ...host }, plan));
// the baseline last: its garbage (65,536-bit sets by the thousand) would slow what follows
const base = time(() => naiveValidate(kernelStateFromHost(host), plan), BASE_RUNS, 1);
const candidate = median(warm);
const baseline = median(base);
const fmt = (xs: number[]) => `${median(xs).toFixed(2)} ms (min ${Math.min(...xs).toFixed(2)} ms)`;

console.log(`validate 200 operations on full (65,536 queues, 64 mdevs): median of ${RUNS} runs (baseline ${BASE_RUNS})`);
console.log(`  baseline (queue sets rebuilt per operation): ${fmt(base)}`);
console.log(`  candidate (validatePlan, same snapshot again): ${fmt(warm)}`);
console.log(`  candidate (validatePlan, fresh snapshot object): ${fmt(cold)}`);
console.log(`  ratio baseline/candidate (medians): ${(baseline / candidate).toFixed(1)}x`);
const verdict = (xs: number[]) => (median(xs) < 20 ? 'met' : 'MISSED');
console.log(`  budget 20 ms: ${verdict(warm)} for the same snapshot, ${verdict(cold)} for a fresh one (medians)`);
console.log(`  machine: ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} (medians grow with load; min is the unloaded cost)`);
