/**
 * The simulator mount keeps the kernel's entry and attribute caching on
 * (electron/sim/fuseMount.ts): a path walked once is answered by the kernel
 * itself, even while the serving process is stopped. Writes and events still
 * show at once (fuseNotify.ts, fuseDevice.ts): an attribute file the driver no
 * longer adds, and a card the LPAR lost, are gone for the very next command,
 * also for a shell whose working directory is inside. Served directly (root),
 * file contents and listings are cached too, and a change still shows at once.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bash, shLines, type SimMount } from '../helpers/simMount';
import { mountForTests } from '../helpers/mountForTests';

const Q = 'devices/ap/card00/00.0005';

/**
 * Runs `script` while the serving process is stopped: what needs the server
 * waits for it, and the bound turns that wait into status 137.
 */
async function whileStopped(sim: SimMount, script: string) {
  process.kill(sim.pid, 'SIGSTOP');
  try {
    return await bash(`timeout -s KILL 5 sh -c '${script}'`, { cwd: sim.dir });
  } finally {
    process.kill(sim.pid, 'SIGCONT');
  }
}

describe.each(['direct', 'libfuse'] as const)('kernel caching of the simulator mount, served %s', (fuse) => {
  const sim = mountForTests({ scenario: 'default', fuse });
  const sh = (script: string) => shLines(script, sim.dir);

  test('a walked path is answered by the kernel while the server is stopped', async () => {
    expect(await sh(`stat -c %F ${Q}/config`)).toEqual(['regular file']);
    const r = await whileStopped(sim, `stat -c %F ${Q}/config`);
    expect([r.code, r.stdout.trim()]).toEqual([0, 'regular file']);
  });

  test('a write: the file the driver no longer adds is gone at once (§3.2)', async () => {
    expect(
      await sh(`cat ${Q}/online; echo -0 > bus/ap/apmask; test -e ${Q}/online && echo still there || echo gone; cat ${Q}/status`)
    ).toEqual(['1', 'gone', 'unassigned']);
  });

  test('a write: a file held open when it vanishes is gone for the next lookup', async () => {
    const q = 'devices/ap/card02/02.0005';
    expect(
      await sh(
        `exec 3< ${q}/online; cat ${q}/online; echo -2 > bus/ap/apmask; test -e ${q}/online && echo still there || echo gone; exec 3<&-`
      )
    ).toEqual(['1', 'gone']);
  });

  test('an event: a removed card is gone at once, also for a shell inside it', async () => {
    const flags = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-flags-'));
    try {
      // the inner shell sits in card01 while the event comes, then looks again
      const inside = bash(
        `cd devices/ap/card01 && cat online && touch ${flags}/in; while [ ! -e ${flags}/go ]; do sleep 0.05; done; test -e ../card01 && echo still there || echo gone`,
        { cwd: sim.dir }
      );
      while (!existsSync(path.join(flags, 'in'))) await new Promise((r) => setTimeout(r, 50));
      await sim.event('adapter-remove', 1);
      expect(await sh('test -e devices/ap/card01 && echo still there || echo gone; ls devices/ap | grep -c card01')).toEqual(['gone', '0']);
      await writeFile(path.join(flags, 'go'), '');
      expect((await inside).stdout.trim().split('\n')).toEqual(['1', 'gone']);
    } finally {
      await rm(flags, { recursive: true, force: true });
    }
  });
});

describe('page and listing caching of the direct mount', () => {
  const sim = mountForTests({ scenario: 'default', fuse: 'direct' });
  const sh = (script: string) => shLines(script, sim.dir);
  // head reads without stat(2): a stat after a read asks the server again (the read made the
  // kernel forget the access time), so cat and ls could not show this
  test('contents read once are answered by the kernel while the server is stopped', async () => {
    const script = `head -c 4097 ${Q}/config ${Q}/online bus/ap/apmask`;
    const first = await sh(script);
    const r = await whileStopped(sim, script);
    expect([r.code, r.stdout.trim().split('\n')]).toEqual([0, first]);
  });

  test('a file read before a write shows the new content after it, also through a file held open (sysfs renders at the first read)', async () => {
    expect(
      await sh(
        `cat bus/ap/ap_domain; exec 3< bus/ap/ap_domain; echo 5 > bus/ap/ap_domain; cat bus/ap/ap_domain; cat <&3; printf 7 >> bus/ap/ap_domain; cat bus/ap/ap_domain`
      )
    ).toEqual(['0', '5', '5', '7']);
  });

  test('a listing read before an event lists the change after it, also in a working directory', async () => {
    const inside = 'cd devices/ap && ls | grep -c card';
    expect(await sh(inside)).toEqual(['4']);
    await sim.event('adapter-remove', 3);
    expect(await sh(inside)).toEqual(['3']);
  });

  test('directories list . and .. as sysfs does, and files report one page until read', async () => {
    const q = 'devices/ap/card01/01.0005';
    expect(await sh(`ls -a ${q} | head -2; stat -c %s ${q}/request_count`)).toEqual(['.', '..', '4096']);
  });

  test('refusals: reading a write-only file, truncating a read-only one, creating, making a directory', async () => {
    expect(
      await sh(
        'export LC_ALL=C; cat devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough/create; echo 1 > bus/ap/ap_max_domain_id; touch bus/ap/x; mkdir bus/ap/y; echo end'
      )
    ).toEqual([
      'cat: devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough/create: Permission denied',
      'bus/ap/ap_max_domain_id: Permission denied',
      "touch: cannot touch 'bus/ap/x': Permission denied",
      "mkdir: cannot create directory 'bus/ap/y': Operation not permitted",
      'end'
    ]);
  });

  test('other users may read, as in /sys, but not write', async () => {
    const asNobody = `setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'cat bus/ap/ap_max_domain_id; echo 3 > bus/ap/ap_domain'`;
    expect(await sh(asNobody)).toEqual(['84', 'sh: 1: cannot create bus/ap/ap_domain: Permission denied']);
  });
});
