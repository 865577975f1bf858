/**
 * A root that is not a sysfs tree is refused, not read as an empty healthy
 * host (issue 8 point 3). The demo host is written out as a plain directory
 * tree (no FUSE: a FIFO cannot live in the FUSE mount), then damaged the way
 * a wrong path or a hostile tree would be, and the real command line reads it
 * through the local transport (sh + awk).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenario, createKernel } from '../../shared/kernel';
import { materializeSysfs } from '../unit/dumpTree';
import { apmatrix } from '../helpers/simMount';
import { processesReading } from '../helpers/procScan';
import { GOOD_PLAN } from './demoPlans';

const base = mkdtempSync(join(tmpdir(), 'apmx-notsysfs-'));
chmodSync(base, 0o755);
afterAll(() => rmSync(base, { recursive: true, force: true }));
const planFile = join(base, 'plan.json');
writeFileSync(planFile, JSON.stringify(GOOD_PLAN));

let n = 0;
/** the demo host as a directory tree, then `damage` applied to it */
function demoTree(damage: (sys: string) => void = () => undefined): string {
  const sys = join(base, `t${n++}`, 'sys');
  materializeSysfs(createKernel(buildScenario('demo').state), sys);
  damage(sys);
  return sys;
}

const run = (args: string[]) => apmatrix(args, { timeoutMs: 90_000 });
const oneLine = (s: string) => s.trim().split('\n').length === 1;

describe('a root that is not a sysfs tree', { timeout: 180_000 }, () => {
  it('/etc and an empty directory: refused in one line naming bus/ap, for every command', async () => {
    const empty = join(base, 'empty');
    mkdirSync(empty);
    for (const root of ['/etc', empty]) {
      const runs = await Promise.all([
        run(['audit', '--local', root]),
        run(['snapshot', '--local', root]),
        run(['plan', 'validate', planFile, '--local', root])
      ]);
      for (const r of runs) {
        expect(r.code, r.stdout).toBe(1);
        expect(r.stdout).toBe('');
        expect(oneLine(r.stderr), r.stderr).toBe(true);
        expect(r.stderr).toContain(`local:${root}: not a sysfs tree with an AP bus: bus/ap is missing`);
      }
    }
  });

  const damaged: Array<[string, (sys: string) => void, RegExp]> = [
    [
      'apmask holding garbage',
      (s) => writeFileSync(join(s, 'bus/ap/apmask'), 'garbage\n'),
      /bus\/ap\/apmask has unexpected content: expected 0x and 64 hex digits, read "garbage"/
    ],
    [
      'a 65-digit mask',
      (s) => writeFileSync(join(s, 'bus/ap/aqmask'), '0x' + 'f'.repeat(65) + '\n'),
      /bus\/ap\/aqmask has unexpected content: expected 0x and 64 hex digits/
    ],
    [
      'a directory in place of apmask',
      (s) => {
        rmSync(join(s, 'bus/ap/apmask'));
        mkdirSync(join(s, 'bus/ap/apmask'));
      },
      /bus\/ap\/apmask is a directory, a file was expected/
    ],
    [
      '50 MB in place of apmask',
      (s) => writeFileSync(join(s, 'bus/ap/apmask'), Buffer.alloc(50 * 1024 * 1024, 'f')),
      /bus\/ap\/apmask holds more than one page \(4096 bytes\): not a sysfs attribute/
    ],
    [
      'a FIFO in place of apmask',
      (s) => {
        rmSync(join(s, 'bus/ap/apmask'));
        execFileSync('mkfifo', [join(s, 'bus/ap/apmask')]);
      },
      /bus\/ap\/apmask is not a regular file \(a FIFO/
    ],
    [
      "an mdev's matrix holding garbage",
      (s) => {
        const m = join(s, 'devices/vfio_ap/matrix');
        const uuid = readdirSync(m).find((u) => /^[0-9a-f]{8}-/.test(u))!;
        rmSync(join(m, uuid, 'ap_config'), { force: true });
        writeFileSync(join(m, uuid, 'matrix'), 'not a matrix\n');
      },
      /devices\/vfio_ap\/matrix\/[0-9a-f-]+\/matrix has unexpected content/
    ]
  ];
  for (const [what, damage, re] of damaged) {
    it(`${what}: an error naming the file, never a default value`, async () => {
      const sys = demoTree(damage);
      const [audit, snap] = await Promise.all([run(['audit', '--local', sys]), run(['snapshot', '--local', sys])]);
      for (const r of [audit, snap]) {
        expect(r.code, r.stdout.slice(0, 200)).toBe(1);
        expect(r.stdout).toBe('');
        expect(oneLine(r.stderr), r.stderr).toBe(true);
        expect(r.stderr).toMatch(re);
      }
    });
  }

  it('the undamaged tree still reads (the same commands succeed)', async () => {
    const sys = demoTree();
    const r = await run(['plan', 'validate', planFile, '--local', sys]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('all 6 steps would be accepted');
  });

  it('a FIFO where a queue file should be: every command times out naming the place, and no sh or awk stays behind', async () => {
    const sys = demoTree((s) => {
      const f = join(s, 'devices/ap/card05/05.0004/config');
      rmSync(f);
      execFileSync('mkfifo', [f]);
    });
    const t = ['--local', sys, '--read-timeout', '2'];
    const runs = await Promise.all([
      run(['snapshot', ...t]),
      run(['audit', ...t]),
      run(['plan', 'validate', planFile, ...t]),
      run(['apply', planFile, '--yes', ...t])
    ]);
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toContain(`local:${sys}: reading the host did not finish within 2 s; it stopped in the queues of devices/ap/card05`);
    }
    expect(processesReading(sys)).toEqual([]);
  });
});
