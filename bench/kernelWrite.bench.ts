/**
 * Replaying a 200-write plan on the `full` scenario (65,536 queues, 64 mdevs)
 * on a cloned kernel, as plan validation does. Candidate: the kernel model
 * (mask arithmetic, §2.1/§6.2). Baseline: the same writes, each preceded by the
 * naive check that builds 65,536-bit queue sets for the host pool and every
 * mdev (what enumerating queues per write would cost).
 * Run: npx tsx bench/kernelWrite.bench.ts
 */
import { cartesian, qsIntersect, qsIsEmpty } from '../shared/ap';
import { buildScenario, cloneKernelState, createKernel, type KernelState } from '../shared/kernel';

const MATRIX = 'devices/vfio_ap/matrix';

function plan(s: KernelState): Array<[string, string]> {
  const ops: Array<[string, string]> = [];
  const m = s.mdevs;
  for (let i = 0; ops.length < 200; i = (i + 1) % m.length) {
    const u = m[i].uuid;
    const d = 4 * i;
    ops.push([`${MATRIX}/${u}/unassign_domain`, `${d}\n`]);
    ops.push([`${MATRIX}/${u}/assign_domain`, `${d}\n`]);
    ops.push([`${MATRIX}/${u}/assign_domain`, `${(d + 4) % 256}\n`]); // EADDRINUSE against mdev i+1 (or ok)
    ops.push([`${MATRIX}/${u}/ap_config`, createKernel(s).read(`${MATRIX}/${u}/ap_config`)]);
    if (i % 8 === 0) ops.push(['bus/ap/aqmask', `+${d}\n`]); // EBUSY: assigned
  }
  return ops.slice(0, 200);
}

function run(base: KernelState, ops: Array<[string, string]>, naive: boolean): number {
  const t0 = performance.now();
  const k = createKernel(cloneKernelState(base));
  for (const [p, v] of ops) {
    if (naive) {
      const host = cartesian(k.state.apmask, k.state.aqmask);
      for (const m of k.state.mdevs) qsIsEmpty(qsIntersect(host, cartesian(m.apm, m.aqm)));
    }
    try {
      k.write(p, v);
    } catch {
      /* refused writes are verdicts too */
    }
  }
  return performance.now() - t0;
}

const base = buildScenario('full').state;
const ops = plan(base);
for (let i = 0; i < 5; i++) run(base, ops, false); // warm up
const best = (naive: boolean) => Math.min(...Array.from({ length: 10 }, () => run(base, ops, naive)));
const baseline = best(true);
const candidate = best(false);
const t = performance.now();
for (let i = 0; i < 100; i++) cloneKernelState(base);
const clone = (performance.now() - t) / 100;
console.log(`kernelWrite: 200 writes on full (64 mdevs, 65,536 queues), clone included`);
console.log(`baseline (naive queue sets per write): ${baseline.toFixed(2)} ms`);
console.log(`candidate (kernel model):              ${candidate.toFixed(2)} ms`);
console.log(`ratio baseline/candidate:              ${(baseline / candidate).toFixed(1)}x`);
console.log(`cloneKernelState(full):                ${clone.toFixed(3)} ms`);
