/**
 * The FUSE mount of test/helpers/simMount.ts tied to vitest's hooks. Kept
 * apart from simMount.ts, which the benches run under tsx without vitest.
 */
import { afterAll, beforeAll } from 'vitest';
import { mountScenario, type MountOptions, type SimMount } from './simMount';

/**
 * A scenario mounted for the tests of the enclosing describe (or of the file,
 * called at the top): mounted before the first, stopped after the last. The
 * object returned stands for that mount, so tests read `sim.dir` as from
 * mountScenario itself; reading it before it is mounted throws.
 */
export function mountForTests(opts: MountOptions = {}): SimMount {
  let mounted: SimMount | undefined;
  beforeAll(async () => {
    mounted = await mountScenario(opts);
  });
  afterAll(async () => {
    await mounted?.stop();
  });
  const current = (): SimMount => {
    if (!mounted) throw new Error('The scenario is mounted in beforeAll: use it inside a test or a later hook.');
    return mounted;
  };
  return {
    get dir() {
      return current().dir;
    },
    get pid() {
      return current().pid;
    },
    stop: () => current().stop(),
    event: (kind, ...args) => current().event(kind, ...args)
  };
}
