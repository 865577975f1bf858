/**
 * The mdevctl export run by Debian's REAL mdevctl (issue 8 item 9), in a
 * private mount namespace (`unshare -m`): a temporary directory is bind-mounted
 * over /etc/mdevctl.d, a tmpfs over /run and the FUSE simulator over /sys, so
 * the machine's own /etc is never written. The script must run as written
 * (mdevctl 1.2.0 rejects `modify --jsonfile`), redefine the changed definition,
 * define the new one and leave an untouched definition byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mountScenario, run, type SimMount } from '../helpers/simMount';
import { hostOfKernel } from '../helpers/hostOfKernel';
import { buildScenario, DEMO_UUIDS } from '../../shared/kernel';
import { maskToHex } from '../../shared/ap';
import { exportMdevctl, parseMdevctlJson, pictureOfHost, predictAfter } from '../../shared/export';
import type { Plan } from '../../shared/plan/operations';

/** Debian installs it in /usr/bin (bookworm) or /usr/sbin; the test needs it and fails without it */
const MDEVCTL = ['/usr/sbin/mdevctl', '/usr/bin/mdevctl'].find((p) => existsSync(p)) ?? 'mdevctl';
const U4 = '4a3c1e5f-0b7d-4e2a-9c61-7d2f0e8b1a34';
const { Guest1, Guest3 } = DEMO_UUIDS;

const PLAN: Plan = {
  title: 'new mdev on 00.0005; Guest3 gives up 00ff',
  operations: [
    { kind: 'aqmask', set: [], clear: [0x05] },
    { kind: 'create-mdev', uuid: U4 },
    { kind: 'assign-adapter', uuid: U4, id: 0x00 },
    { kind: 'assign-domain', uuid: U4, id: 0x05 },
    { kind: 'unassign-domain', uuid: Guest3, id: 0xff }
  ]
};

/** Guest1's definition is one mdevctl would refuse to start; the plan does not touch Guest1, so neither may the script. */
const UNTOUCHED = '{\n  "mdev_type": "vfio_ap-passthrough",\n  "start": "manual",\n  "attrs": [ { "assign_adapter": "999" } ]\n}\n';
const GUEST3_OLD = '{\n  "mdev_type": "vfio_ap-passthrough",\n  "start": "manual",\n  "attrs": []\n}\n';

let work: string;
let sim: SimMount | undefined;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-mdevctl-'));
  sim = await mountScenario({ scenario: 'demo' });
});
afterAll(async () => {
  await sim?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('mdevctl export under the real mdevctl', () => {
  it('runs as written: defines the new mdev, redefines the changed one, leaves the untouched one alone', async () => {
    const version = await run(MDEVCTL, ['--version']);
    expect(version.stdout).toMatch(/^mdevctl \d/);
    const etc = path.join(work, 'etc');
    await mkdir(path.join(etc, 'scripts.d/callouts'), { recursive: true });
    await mkdir(path.join(etc, 'scripts.d/notifiers'), { recursive: true });
    await mkdir(path.join(etc, 'matrix'));
    await writeFile(path.join(etc, 'matrix', Guest1), UNTOUCHED);
    await writeFile(path.join(etc, 'matrix', Guest3), GUEST3_OLD);
    const host = hostOfKernel(buildScenario('demo').state, 'demo', {
      mdevctl: [
        { uuid: Guest1, start: 'manual', attrs: [['assign_adapter', '999']], file: '' },
        { uuid: Guest3, start: 'manual', attrs: [], file: '' }
      ]
    });
    const script = path.join(work, 'export.sh');
    await writeFile(script, exportMdevctl(host, PLAN));
    expect(await readFile(script, 'utf8')).not.toContain('--jsonfile FILE');

    const ns = [
      'set -e',
      `mount --bind '${etc}' /etc/mdevctl.d`,
      'mount -t tmpfs apmatrix-run /run',
      `mount --bind '${sim!.dir}' /sys`,
      `cd '${work}'`,
      'bash export.sh',
      `${MDEVCTL} list -d`
    ].join('\n');
    const r = await run('unshare', ['-m', 'sh', '-c', ns], { timeoutMs: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // the machine's own directory was never written
    expect(existsSync(path.join('/etc/mdevctl.d/matrix', U4))).toBe(false);

    const after = predictAfter(pictureOfHost(host), PLAN);
    for (const u of [U4, Guest3]) {
      const back = parseMdevctlJson(await readFile(path.join(etc, 'matrix', u), 'utf8'));
      const m = after.mdevs.get(u)!;
      expect([maskToHex(back.apm), maskToHex(back.aqm), maskToHex(back.adm)]).toEqual([
        maskToHex(m.apm),
        maskToHex(m.aqm),
        maskToHex(m.adm)
      ]);
      expect(back.start).toBe(u === Guest3 ? 'manual' : 'auto');
    }
    expect(await readFile(path.join(etc, 'matrix', Guest1), 'utf8')).toBe(UNTOUCHED);
    expect(r.stdout).toContain(`${U4} matrix vfio_ap-passthrough auto`);
  });
});
