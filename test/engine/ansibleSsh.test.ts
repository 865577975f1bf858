/**
 * The multi-host playbook over real SSH: `apmatrix fleet export` reads two
 * inventory hosts through the test sshd (each a FUSE-mounted `default` as its
 * sysfs root), and Debian's ansible-playbook applies the one playbook to both
 * over SSH with the same inventory; a second run is changed=0.
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
import { apmatrix, mountScenario, type SimMount } from '../helpers/simMount';
import { cliSshOptions, startSshd, type SshdHandle } from '../helpers/sshd';

const work = mkdtempSync(join(tmpdir(), 'apmx-ansible-ssh-'));
const etc = join(work, 'etc');
mkdirSync(etc);
const UUID = 'a1b2c3d4-0000-4000-8000-0000000000f3';
const PLAN: Plan = {
  title: 'same change on the group',
  operations: [
    { kind: 'apmask', set: [], clear: [2] },
    { kind: 'aqmask', set: [], clear: [7] },
    { kind: 'create-mdev', uuid: UUID },
    { kind: 'assign-adapter', uuid: UUID, id: 2 },
    { kind: 'assign-domain', uuid: UUID, id: 7 }
  ]
};

let sshd: SshdHandle;
let sims: SimMount[] = [];
let inventory: string;

const ansible = (args: string[]) => ansiblePlaybook(work, args, { timeoutMs: 180_000, env: { SSH_AUTH_SOCK: '' } });

const readMount = async (dir: string): Promise<HostState> =>
  (await readHost(shellLink(createLocalTransport(), { sysfsRoot: dir, etcRoot: etc, source: `local:${dir}` }))).host;

beforeAll(async () => {
  sshd = await startSshd();
  sshd.authorize('root');
  sims = await Promise.all([mountScenario({ scenario: 'default' }), mountScenario({ scenario: 'default' })]);
  const sshArgs = `-o UserKnownHostsFile=${sshd.paths.knownHostsPath} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes`;
  const conn = `ansible_host=127.0.0.1 ansible_port=${sshd.port} ansible_user=root ansible_ssh_private_key_file=${sshd.userKey} apmatrix_etc_root=${etc}`;
  inventory = join(work, 'hosts.ini');
  writeFileSync(
    inventory,
    [
      '[kvm]',
      `kvm1 ${conn} apmatrix_sysfs_root=${sims[0].dir}`,
      `kvm2 ${conn} apmatrix_sysfs_root=${sims[1].dir}`,
      '',
      '[kvm:vars]',
      `ansible_ssh_common_args="${sshArgs}"`,
      ''
    ].join('\n')
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await sshd?.stop();
});

describe('ansible-playbook over SSH with a fleet export', { timeout: 400_000 }, () => {
  it('applies the group playbook to both hosts; the second run is changed=0', async () => {
    const planFile = join(work, 'plan.json');
    writeFileSync(planFile, JSON.stringify(PLAN));
    const ex = await apmatrix(['fleet', 'export', planFile, '--format', 'ansible', '--inventory', inventory, ...cliSshOptions(sshd)], {
      timeoutMs: 120_000
    });
    expect(ex.stderr).toBe('');
    expect(ex.code).toBe(0);
    expect(ex.stdout).toMatch(/^ {6}"kvm1":\n {8}source: !unsafe "ssh:kvm1"$/m);
    const playbook = join(work, 'playbook.yml');
    writeFileSync(playbook, ex.stdout);

    const { host } = await readHost(simulatedLink('default'));
    const predicted = hostProjection(validatePlan(host, PLAN).after);
    const first = await ansible(['-i', inventory, playbook]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    for (const h of ['kvm1', 'kvm2']) expect(recap(first.stdout, h)).toMatchObject({ changed: 1, failed: 0, unreachable: 0 });
    for (const s of sims) expect(hostProjection(await readMount(s.dir))).toBe(predicted);

    const second = await ansible(['-i', inventory, playbook]);
    expect(second.code, second.stdout).toBe(0);
    for (const h of ['kvm1', 'kvm2']) expect(recap(second.stdout, h)).toMatchObject({ changed: 0, failed: 0 });
  });
});
