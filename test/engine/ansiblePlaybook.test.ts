/**
 * `apmatrix plan export FILE --format ansible` run by Debian's real
 * ansible-playbook (`-c local`) against FUSE mounts of the kernel model:
 * applies and lands on validation's prediction, a second run is changed=0,
 * --check writes nothing, and a drifted host is refused (failed) while the
 * others apply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostState } from '../../shared/host/hostState';
import type { Plan } from '../../shared/plan/operations';
import { validatePlan } from '../../shared/plan/validate';
import { hostProjection } from '../../electron/engine/landed';
import { readHost } from '../../electron/engine/reader';
import { createLocalTransport } from '../../electron/transport/local';
import { shellLink } from '../../electron/transport/shellLink';
import { simulatedLink } from '../../electron/transport/simulated';
import { ansiblePlaybook, recap } from '../helpers/ansible';
import { apmatrix, bash, mountScenario, type SimMount } from '../helpers/simMount';

const work = mkdtempSync(join(tmpdir(), 'apmx-ansible-'));
const emptyEtc = join(work, 'etc');
mkdirSync(emptyEtc);
const UUID = 'a1b2c3d4-0000-4000-8000-0000000000f1';
const PLAN: Plan = {
  title: 'guest crypto on card 01',
  operations: [
    { kind: 'apmask', set: [], clear: [1] },
    { kind: 'aqmask', set: [], clear: [5, 6] },
    { kind: 'create-mdev', uuid: UUID },
    { kind: 'assign-adapter', uuid: UUID, id: 1 },
    { kind: 'assign-domain', uuid: UUID, id: 5 },
    { kind: 'assign-domain', uuid: UUID, id: 6 },
    { kind: 'assign-control-domain', uuid: UUID, id: 5 }
  ]
};

const ansible = (args: string[]) => ansiblePlaybook(work, args, { timeoutMs: 120_000 });

const readMount = async (dir: string): Promise<HostState> =>
  (
    await readHost(
      shellLink(createLocalTransport(), { sysfsRoot: dir, etcRoot: emptyEtc, source: `local:${dir}`, apLock: join(work, 'read.lock') })
    )
  ).host;

let playbook: string;
let predicted: string;
const mounts: SimMount[] = [];
const fresh = async () => {
  const m = await mountScenario({ scenario: 'default' });
  mounts.push(m);
  return m;
};

beforeAll(async () => {
  const planFile = join(work, 'plan.json');
  writeFileSync(planFile, JSON.stringify(PLAN));
  const r = await apmatrix(['plan', 'export', planFile, '--format', 'ansible', '--demo', 'default'], { timeoutMs: 90_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  playbook = join(work, 'playbook.yml');
  writeFileSync(playbook, r.stdout);
  const { host } = await readHost(simulatedLink('default'));
  const v = validatePlan(host, PLAN);
  expect(v.firstFailure).toBe(-1);
  predicted = hostProjection(v.after);
}, 120_000);

afterAll(async () => {
  await Promise.all(mounts.map((m) => m.stop()));
});

describe('the exported playbook under ansible-playbook -c local', { timeout: 300_000 }, () => {
  it('applies the plan to a fresh mount of default; the mount equals the prediction; a second run is changed=0', async () => {
    const sim = await fresh();
    expect(hostProjection(await readMount(sim.dir))).not.toBe(predicted);
    const first = await ansible(['-i', 'localhost,', '-c', 'local', playbook, '-e', `apmatrix_sysfs_root=${sim.dir}`]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(recap(first.stdout, 'localhost')).toMatchObject({ changed: 1, failed: 0 });
    expect(first.stdout).toContain('applied: 7 of 7 steps landed');
    expect(hostProjection(await readMount(sim.dir))).toBe(predicted);

    const second = await ansible(['-i', 'localhost,', '-c', 'local', playbook, '-e', `apmatrix_sysfs_root=${sim.dir}`]);
    expect(second.code, second.stdout).toBe(0);
    expect(recap(second.stdout, 'localhost')).toMatchObject({ changed: 0, failed: 0 });
    expect(second.stdout).toContain('already in the end state of the plan: nothing to do');
    expect(hostProjection(await readMount(sim.dir))).toBe(predicted);
  });

  it('--check on another fresh mount runs the dry run and changes nothing', async () => {
    const sim = await fresh();
    const before = await readMount(sim.dir);
    const r = await ansible(['--check', '-i', 'localhost,', '-c', 'local', playbook, '-e', `apmatrix_sysfs_root=${sim.dir}`]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recap(r.stdout, 'localhost')).toMatchObject({ failed: 0, changed: 1 });
    expect(r.stdout).toContain('check mode: would write 7 steps');
    const after = await readMount(sim.dir);
    expect(after.fingerprint).toBe(before.fingerprint);
    expect(hostProjection(after)).toBe(hostProjection(before));
  });

  it('refuses a host that drifted since the plan was read (reported failed) while the others apply', async () => {
    const [good, drifted] = [await fresh(), await fresh()];
    // someone took card 01, the one the plan gives the guest, from the host on one
    // host after the plan was made (the script checks only what the plan depends
    // on: an unrelated card, such as 03, no longer stops it)
    const d = await bash(`printf '%s\\n' -1 > bus/ap/apmask`, { cwd: drifted.dir });
    expect(d.code, d.stderr).toBe(0);
    const driftedBefore = hostProjection(await readMount(drifted.dir));
    const inventory = join(work, 'hosts.ini');
    writeFileSync(
      inventory,
      [
        '[kvm]',
        `good ansible_connection=local apmatrix_sysfs_root=${good.dir}`,
        `drifted ansible_connection=local apmatrix_sysfs_root=${drifted.dir}`,
        ''
      ].join('\n')
    );
    const r = await ansible(['-i', inventory, playbook, '-e', 'apmatrix_hosts=kvm']);
    expect(r.code).toBe(2); // ansible-playbook: a host failed
    expect(recap(r.stdout, 'good')).toMatchObject({ changed: 1, failed: 0 });
    expect(recap(r.stdout, 'drifted')).toMatchObject({ failed: 1 });
    expect(r.stdout).toMatch(/REFUSED or FAILED \(exit 3\): [^"]*PREFLIGHT FAIL bus\/ap\/apmask/);
    expect(r.stdout).toContain('the host changed since it was read; nothing was written');
    expect(hostProjection(await readMount(good.dir))).toBe(predicted);
    expect(hostProjection(await readMount(drifted.dir))).toBe(driftedBefore);
  });
});
