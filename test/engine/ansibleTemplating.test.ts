/**
 * Debian's real ansible-playbook never templates what the playbook carries
 * from a host or a user: a sysfs root path (the host's `source`) holding
 * `{{ lookup('pipe', ...) }}` stays text and runs nothing on the controller.
 * Ansible templates every plain string of a vars mapping when the play reads
 * it, so only `!unsafe` values are safe there.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportAnsiblePlaybook } from '../../shared/export';
import { snapshotKernel } from '../../shared/host/snapshot';
import { buildScenario, createKernel } from '../../shared/kernel';
import type { Plan } from '../../shared/plan/operations';
import { validatePlan } from '../../shared/plan/validate';
import { ansiblePlaybook } from '../helpers/ansible';

const work = mkdtempSync(join(tmpdir(), 'apmx-ansible-tpl-'));
const UUID = 'a1b2c3d4-0000-4000-8000-0000000000f7';
const PLAN: Plan = {
  title: 'one domain',
  operations: [
    { kind: 'create-mdev', uuid: UUID },
    { kind: 'assign-domain', uuid: UUID, id: 3 }
  ]
};

describe('Ansible playbook: values from a host are never templated', () => {
  it("a source path holding {{ lookup('pipe', ...) }} runs nothing on the controller", async () => {
    const marker = join(work, 'PWNED');
    const sc = buildScenario('default');
    const host = snapshotKernel(createKernel(sc.state), sc, `local:/srv/x{{ lookup('pipe', 'touch ${marker}') }}`);
    const text = exportAnsiblePlaybook(PLAN, [{ key: '*', host, after: validatePlan(host, PLAN).after }]);
    const file = join(work, 'playbook.yml');
    writeFileSync(file, text);
    mkdirSync(join(work, 'sys'));
    const r = await ansiblePlaybook(
      work,
      ['-i', 'localhost,', '-c', 'local', '--check', file, '-e', `apmatrix_sysfs_root=${join(work, 'sys')}`],
      {
        timeoutMs: 120_000
      }
    );
    // the play ran far enough to read apmatrix_entry (the assert task)
    expect(r.stdout).toContain('This host has a plan in this playbook');
    expect(existsSync(marker)).toBe(false);
  }, 150_000);
});
