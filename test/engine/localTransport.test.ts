/**
 * The local transport against the FUSE-mounted kernel model (a child process
 * serves the mount): reads equal the in-process model's, applies land on the
 * mount, a refused write stops the script, a host changed after the read is
 * refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, type Router } from '../../electron/engine/router';
import { readHost } from '../../electron/engine/reader';
import { createLocalTransport } from '../../electron/transport/local';
import { shellLink } from '../../electron/transport/shellLink';
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import { parseDump } from '../../shared/host/parseDump';
import type { HostState } from '../../shared/host/hostState';
import { DEMO_UUIDS, buildScenario, createKernel } from '../../shared/kernel';
import type { Plan } from '../../shared/plan/operations';
import { bash, mountScenario, type SimMount } from '../helpers/simMount';
import { GOOD_PLAN, NEW } from './demoPlans';

const lockDir = mkdtempSync(join(tmpdir(), 'apmx-lock-'));
const emptyEtc = mkdtempSync(join(tmpdir(), 'apmx-etc-'));
const localLink = (dir: string) =>
  shellLink(createLocalTransport(), { sysfsRoot: dir, etcRoot: emptyEtc, source: `local:${dir}`, apLock: join(lockDir, 'ap.lock') });
const comparable = (h: HostState) => ({ ...h, source: '', readAt: '' });

describe.each(['demo', 'legacy'])('local transport on the FUSE-mounted %s scenario', (scenario) => {
  let sim: SimMount;
  beforeAll(async () => {
    sim = await mountScenario({ scenario });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('reads in one command exactly what the in-process model holds', async () => {
    const link = localLink(sim.dir);
    let runs = 0;
    const counting = { ...link, dump: (o?: { afterApply?: boolean }) => (runs++, link.dump(o)) };
    const viaFuse = await readHost(counting);
    expect(runs).toBe(1);
    // the same scenario dumped in-process from the model, also without /etc files
    const inProcess = parseDump(dumpFromSysfs(createKernel(buildScenario(scenario).state)), 'x');
    expect(comparable(viaFuse.host)).toEqual(comparable(inProcess));
    expect(viaFuse.host.mdevs.length).toBeGreaterThan(0);
  });
});

describe('apply through the local transport', () => {
  let sim: SimMount;
  let router: Router;
  beforeAll(async () => {
    sim = await mountScenario({ scenario: 'demo' });
    router = createRouter({ agentSocket: null, homeDir: mkdtempSync(join(tmpdir(), 'apmx-home-')), apLock: join(lockDir, 'ap.lock') });
  });
  afterAll(async () => {
    await router?.dispose();
    await sim?.stop();
  });

  it('a host changed between read and apply: refused, nothing written', async () => {
    const c = await router.connect({ target: { kind: 'local', root: sim.dir } });
    if (!c.ok) throw new Error(c.message);
    // another admin frees adapter 0x3e meanwhile, through the mount like any program
    const w = await bash(`echo -0x3e > bus/ap/apmask`, { cwd: sim.dir });
    expect(w.code).toBe(0);
    const res = await router.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint });
    expect(res).toMatchObject({ ok: false, landed: 0 });
    expect(res.error).toMatch(/host changed/);
    const now = await readHost(localLink(sim.dir));
    expect(now.host.mdevs.some((m) => m.uuid === NEW)).toBe(false);
    expect(now.host.apmask).toBe(res.host.apmask);
    // give the adapter back for the next test
    expect((await bash(`echo +0x3e > bus/ap/apmask`, { cwd: sim.dir })).code).toBe(0);
  });

  it('applies every step, reports them in order, and the mount holds the result', async () => {
    const c = await router.connect({ target: { kind: 'local', root: sim.dir } });
    if (!c.ok) throw new Error(c.message);
    const steps: number[] = [];
    const off = router.onApplyProgress((p) => p.state === 'ok' && p.step > 0 && steps.push(p.step));
    const res = await router.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint });
    off();
    expect(res).toMatchObject({ ok: true, landed: 6, total: 6, error: null });
    expect(steps.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    const m = await bash(`cat devices/vfio_ap/matrix/${NEW}/matrix devices/vfio_ap/matrix/${NEW}/control_domains`, { cwd: sim.dir });
    expect(m.stdout.split('\n').filter(Boolean)).toEqual(['00.0004', '00.00ab', '02.0004', '02.00ab', '0004']);
    // roll back: the mount is as before
    const back = await router.applyPlan({ connectionId: c.connectionId, plan: res.rollback, fingerprint: res.host.fingerprint });
    expect(back.ok).toBe(true);
    expect(back.host.fingerprint).toBe(c.host.fingerprint);
  });

  it('the script stops at the first write the kernel refuses; the re-read confirms', async () => {
    const link = localLink(sim.dir);
    const before = (await readHost(link)).host;
    const plan: Plan = {
      title: 'overlap in the middle',
      operations: [
        { kind: 'create-mdev', uuid: NEW },
        { kind: 'assign-domain', uuid: NEW, id: 0x04 },
        { kind: 'assign-adapter', uuid: NEW, id: 0x05 }, // 05.0004 is Guest1's: EADDRINUSE (§6.2)
        { kind: 'assign-adapter', uuid: NEW, id: 0x00 }
      ]
    };
    const lines: string[] = [];
    const run = await link.runPlan(before, plan, (l) => lines.push(l));
    expect(run.lost).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(lines).toEqual(['LOCK OK', 'PREFLIGHT OK', 'STEP 1 OK', 'STEP 2 OK', 'STEP 3 FAIL Address already in use']);
    const after = (await readHost(link)).host;
    const m = after.mdevs.find((x) => x.uuid === NEW)!;
    expect(m.apm).toBe('0x' + '0'.repeat(64));
    expect(after.mdevs.find((x) => x.uuid === DEMO_UUIDS.Guest1)).toEqual(before.mdevs.find((x) => x.uuid === DEMO_UUIDS.Guest1));
    expect((await bash(`echo 1 > devices/vfio_ap/matrix/${NEW}/remove`, { cwd: sim.dir })).code).toBe(0);
  });
});
