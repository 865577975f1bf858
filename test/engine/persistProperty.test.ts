/**
 * Issue 10 point 5: for random plans on a FUSE mount with --etc, the exported
 * script run by sh with `--persist MODE --etc-root ETC`, then `sim event
 * reboot`:
 * - both: the host after the reboot equals the host before it (no guests here);
 * - active: after the reboot the host is back to its persistent configuration
 *   (the host as first read, which the scenario made persistent);
 * - persistent: nothing active changes, and after the reboot the planned state is there.
 * Plans are valid by construction: free some domains, then build one or two
 * mdevs on disjoint parts of them.
 */
import fc from 'fast-check';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpScript } from '../../shared/host/dumpScript';
import type { HostState } from '../../shared/host/hostState';
import { parseDump } from '../../shared/host/parseDump';
import { exportShellScript } from '../../shared/export';
import type { Operation, Plan } from '../../shared/plan/operations';
import { mountScenario, run } from '../helpers/simMount';
import { scratchDirForFile } from '../helpers/scratch';

const canFuse = existsSync('/dev/fuse') && process.getuid?.() === 0;
const UUIDS = ['5eed0000-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000002'];

const work = scratchDirForFile('apmx-pprop-');

/** default scenario: cards 00-03, domains 00-0f, masks all ones. */
const planArb: fc.Arbitrary<Plan> = fc
  .record({
    freed: fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 2, maxLength: 6 }),
    adapters: fc.tuple(
      fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 })
    ),
    two: fc.boolean(),
    control: fc.boolean()
  })
  .map(({ freed, adapters, two, control }) => {
    const half = Math.ceil(freed.length / 2);
    const parts = two ? [freed.slice(0, half), freed.slice(half)] : [freed];
    const operations: Operation[] = [{ kind: 'aqmask', set: [], clear: freed }];
    parts.forEach((domains, i) => {
      const uuid = UUIDS[i];
      operations.push({ kind: 'create-mdev', uuid });
      for (const a of adapters[i]) operations.push({ kind: 'assign-adapter', uuid, id: a });
      for (const d of domains) {
        operations.push({ kind: 'assign-domain', uuid, id: d });
        if (control) operations.push({ kind: 'assign-control-domain', uuid, id: d });
      }
    });
    return { title: 'random persistent plan', operations };
  });

const view = (h: HostState) => ({
  apmask: h.apmask,
  aqmask: h.aqmask,
  mdevs: h.mdevs.map((m) => [m.uuid, m.apm, m.aqm, m.adm, m.guestApm, m.guestAqm]),
  queues: h.queues.map((q) => [q.adapter, q.domain, q.driver, q.status])
});

describe.skipIf(!canFuse)('random plans with --persist, then reboot (needs /dev/fuse and root)', () => {
  it.each(['both', 'active', 'persistent'] as const)(
    '--persist %s',
    async (mode) => {
      await fc.assert(
        fc.asyncProperty(planArb, async (plan) => {
          const etc = path.join(await mkdtemp(path.join(work, 'e-')), 'etc');
          const sim = await mountScenario({ scenario: 'default', etc });
          try {
            const read = async () => {
              const r = await run('sh', ['-c', dumpScript({ sysfsRoot: sim.dir, etcRoot: path.join(work, 'none'), etcDir: etc })], {
                timeoutMs: 30_000
              });
              expect(r.code).toBe(0);
              return parseDump(r.stdout, 'fuse');
            };
            const first = await read();
            const file = path.join(work, `plan-${mode}.sh`);
            await writeFile(file, exportShellScript(first, plan, { machine: true }));
            const r = await run('sh', [file, '--persist', mode, '--etc-root', etc], {
              timeoutMs: 30_000,
              env: { PATH: process.env.PATH, SYSFS_ROOT: sim.dir, AP_LOCK: path.join(work, `lock-${mode}`) }
            });
            expect(r.stdout).toContain(`PERSIST MODE ${mode} ${etc}`);
            expect(r.code, r.stderr).toBe(0);
            const applied = await read();
            if (mode === 'persistent') expect(view(applied)).toEqual(view(first));
            else
              expect(applied.mdevs.map((m) => m.uuid).sort()).toEqual(
                plan.operations
                  .filter((o) => o.kind === 'create-mdev')
                  .map((o) => (o as { uuid: string }).uuid)
                  .sort()
              );
            await sim.event('reboot');
            const rebooted = await read();
            if (mode === 'both') expect(view(rebooted)).toEqual(view(applied));
            if (mode === 'active') expect(view(rebooted)).toEqual(view(first));
            if (mode === 'persistent') {
              expect(rebooted.mdevs.map((m) => m.uuid).sort()).toEqual(
                plan.operations
                  .filter((o) => o.kind === 'create-mdev')
                  .map((o) => (o as { uuid: string }).uuid)
                  .sort()
              );
              expect(rebooted.aqmask).not.toBe(first.aqmask);
            }
          } finally {
            await sim.stop();
          }
        }),
        { numRuns: 3 }
      );
    },
    240_000
  );
});
