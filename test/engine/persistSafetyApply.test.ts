/**
 * Apply through the real CLI on a FUSE mount with its /etc: an auto-start
 * definition the plan does not touch holds 01.0005 (defined, not running);
 * the plan gives 01.0005 to a new mdev. The active part is valid, but written
 * persistently both definitions would auto-start and the next boot would
 * refuse one: apply refuses it (nothing written) unless --persist active.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mdevctlJson } from '../../shared/persist/mdevctlFile';
import type { Plan } from '../../shared/plan/operations';
import { apmatrix, mountScenario, type SimMount } from '../helpers/simMount';

const canFuse = existsSync('/dev/fuse') && process.getuid?.() === 0;
const DEFINED = '00000000-0000-4000-8000-0000000000d1';
const NEW = 'ffffffff-0000-4000-8000-0000000000e1';
const PLAN: Plan = {
  title: 'a new mdev on a queue another definition holds',
  operations: [
    { kind: 'apmask', set: [], clear: [1] },
    { kind: 'aqmask', set: [], clear: [5] },
    { kind: 'create-mdev', uuid: NEW },
    { kind: 'assign-adapter', uuid: NEW, id: 1 },
    { kind: 'assign-domain', uuid: NEW, id: 5 }
  ]
};

let sim: SimMount | undefined;
afterAll(async () => {
  await sim?.stop();
});

describe.skipIf(!canFuse)('apply: the persistent part may not define one queue for two auto-start mdevs (needs /dev/fuse and root)', () => {
  it('refused with the next boot named, nothing written; --persist active applies', async () => {
    const base = mkdtempSync(join(tmpdir(), 'apmx-psafe-'));
    const etc = join(base, 'etc');
    sim = await mountScenario({ scenario: 'default', etc });
    mkdirSync(join(etc, 'mdevctl.d/matrix'), { recursive: true });
    writeFileSync(
      join(etc, 'mdevctl.d/matrix', DEFINED),
      mdevctlJson('auto', [
        ['assign_adapter', '0x01'],
        ['assign_domain', '0x0005']
      ])
    );
    const planFile = join(base, 'plan.json');
    writeFileSync(planFile, JSON.stringify(PLAN));
    const target = ['--local', sim.dir, '--etc-root', etc, '--ap-lock', join(base, 'ap.lock'), '--journal-dir', join(base, 'journal')];

    const refused = await apmatrix(['apply', planFile, '--yes', ...target], { timeoutMs: 90_000 });
    expect(refused.code, refused.stdout).not.toBe(0);
    expect(refused.stderr).toMatch(
      new RegExp(`would break the next boot: the mdev definition ${NEW} would be refused at assign_domain 0x0005 \\(EADDRINUSE`)
    );
    expect(existsSync(join(sim.dir, 'devices/vfio_ap/matrix', NEW))).toBe(false);
    expect(readdirSync(join(etc, 'mdevctl.d/matrix'))).toEqual([DEFINED]);

    const active = await apmatrix(['apply', planFile, '--yes', '--persist', 'active', ...target], { timeoutMs: 90_000 });
    expect(active.code, active.stderr).toBe(0);
    expect(existsSync(join(sim.dir, 'devices/vfio_ap/matrix', NEW))).toBe(true);
    expect(readdirSync(join(etc, 'mdevctl.d/matrix'))).toEqual([DEFINED]);
  }, 180_000);
});
