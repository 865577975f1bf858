/**
 * The simulator mount keeps the kernel's entry and attribute caching on
 * (electron/sim/fuseMount.ts): a path walked once is answered by the kernel
 * itself, even while the serving process is stopped. Writes and events still
 * show at once (fuseNotify.ts): an attribute file the driver no longer adds,
 * and a card the LPAR lost, are gone for the very next command, also for a
 * shell whose working directory is inside.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bash, shLines } from '../helpers/simMount';
import { mountForTests } from '../helpers/mountForTests';

const Q = 'devices/ap/card00/00.0005';

describe('kernel caching of the simulator mount', () => {
  const sim = mountForTests({ scenario: 'default' });
  const sh = (script: string) => shLines(script, sim.dir);

  test('a walked path is answered by the kernel while the server is stopped', async () => {
    expect(await sh(`stat -c %F ${Q}/config`)).toEqual(['regular file']);
    process.kill(sim.pid, 'SIGSTOP');
    try {
      // without caching the stat waits for the stopped server: the bound turns that into status 137
      const r = await bash(`timeout -s KILL 5 stat -c %F ${Q}/config`, { cwd: sim.dir });
      expect([r.code, r.stdout.trim()]).toEqual([0, 'regular file']);
    } finally {
      process.kill(sim.pid, 'SIGCONT');
    }
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
