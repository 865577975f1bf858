/**
 * Reading the `full` scenario (65,536 queues, 64 mdevs) through the FUSE
 * simulator. Candidate: a local snapshot of a mounted `full` (the engine's
 * reader: the dump script through `sh` reading the mount, then parsing).
 * Baseline: the same snapshot taken in process (the demo link: the dump made
 * from the kernel model directly, then parsing). Both read the same model.
 * Each is timed after one warm-up read; the mount's later reads are what a
 * re-read costs (the first one fills the kernel's caches: every name is looked
 * up and every file read once through the server). As root the mount is
 * served over /dev/fuse directly (electron/sim/fuseDevice.ts); run it as
 * another user, or with APMATRIX_SIM_FUSE=libfuse, to time the libfuse path.
 * Run (as root or with FUSE access): npx tsx bench/simRead.bench.ts [--scenario full] [--runs N]
 * Goal (issue 12): ratio <= 10. Exit status 1 when above.
 */
import { openLink, sshPaths } from '../electron/engine/connections';
import { readHost } from '../electron/engine/reader';
import type { HostLink } from '../electron/transport/types';
import type { ScenarioName } from '../shared/kernel';
import { mountScenario } from '../test/helpers/simMount';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const scenario = arg('--scenario', 'full') as ScenarioName;
const runs = Number(arg('--runs', '2'));
const GOAL = 10;
const paths = sshPaths({});

async function timeReads(link: HostLink, n: number): Promise<{ ms: number; queues: number }> {
  let best = Infinity;
  let queues = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const { host } = await readHost(link);
    best = Math.min(best, performance.now() - t0);
    queues = host.queues.length;
  }
  return { ms: best, queues };
}

const inProcess = await openLink({ kind: 'demo', scenario }, { paths });
await readHost(inProcess); // warm-up: JIT
const base = await timeReads(inProcess, runs);
console.log(`baseline  in-process snapshot of ${scenario}: ${base.ms.toFixed(0)} ms (${base.queues} queues)`);

const sim = await mountScenario({ scenario });
try {
  const local = await openLink({ kind: 'local', root: sim.dir }, { paths });
  const t0 = performance.now();
  await readHost(local);
  const first = performance.now() - t0;
  const cand = await timeReads(local, runs);
  console.log(
    `candidate local snapshot of a mounted ${scenario}: ${cand.ms.toFixed(0)} ms (${cand.queues} queues; first read ${first.toFixed(0)} ms)`
  );
  const ratio = cand.ms / base.ms;
  console.log(`ratio: ${ratio.toFixed(1)}x (best of ${runs}); first read ${(first / base.ms).toFixed(1)}x; goal <= ${GOAL}x`);
  if (cand.queues !== base.queues) console.log(`the two reads disagree: ${cand.queues} vs ${base.queues} queues`);
  process.exitCode = ratio <= GOAL && cand.queues === base.queues ? 0 : 1;
} finally {
  await sim.stop();
}
