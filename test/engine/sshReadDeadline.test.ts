/**
 * Over a real sshd (issue 8 points 3 and 8): a read that blocks on the host
 * (a FIFO where a queue file should be) ends at its deadline with the place
 * named and leaves no sh or awk running on the host; a mask that is a FIFO is
 * refused without waiting; and disconnecting ends the SSH session on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenario, createKernel } from '../../shared/kernel';
import { createRouter, type Router } from '../../electron/engine/router';
import { materializeSysfs } from '../unit/dumpTree';
import { childrenOf, processesReading } from '../helpers/procScan';
import { startSshd, type SshdHandle } from '../helpers/sshd';

let sshd: SshdHandle;
const base = mkdtempSync(join(tmpdir(), 'apmx-sshfifo-'));
chmodSync(base, 0o755);

function treeWithFifo(rel: string): string {
  const sys = join(base, rel.replace(/\W/g, '_'), 'sys');
  materializeSysfs(createKernel(buildScenario('demo').state), sys);
  rmSync(join(sys, rel));
  execFileSync('mkfifo', [join(sys, rel)]);
  return sys;
}

const routers: Router[] = [];
function routerOn(sys: string): Router {
  const r = createRouter({ ...sshd.paths, agentSocket: null, remoteSysfsRoot: sys, readTimeoutMs: 2000 });
  routers.push(r);
  return r;
}

beforeAll(async () => {
  sshd = await startSshd();
  sshd.authorize('root');
  sshd.addHost('lpar');
});
afterAll(async () => {
  for (const r of routers) await r.dispose();
  await sshd?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe('ssh: reads with a deadline', { timeout: 90_000 }, () => {
  it('a FIFO in a queue directory: the read ends at its deadline naming the place, and nothing stays behind on the host', async () => {
    const sys = treeWithFifo('devices/ap/card05/05.0004/config');
    const r = routerOn(sys);
    const res = await r.connect({ target: { kind: 'ssh', host: 'lpar' } });
    expect(res).toMatchObject({ ok: false, need: 'error' });
    expect(res.ok === false && res.message).toMatch(
      /^ssh:lpar: reading the host did not finish within 2 s; it stopped in the queues of devices\/ap\/card05 /
    );
    expect(r.connectionCount()).toBe(0);
    await expect.poll(() => processesReading(sys), { timeout: 5000 }).toEqual([]);
  });

  it('a FIFO in place of apmask: refused at once, naming the file', async () => {
    const sys = treeWithFifo('bus/ap/apmask');
    const res = await routerOn(sys).connect({ target: { kind: 'ssh', host: 'lpar' } });
    expect(res.ok === false && res.message).toBe(
      'ssh:lpar: bus/ap/apmask is not a regular file (a FIFO, socket or device where a sysfs attribute should be); refusing to read this host rather than guess its value'
    );
    expect(processesReading(sys)).toEqual([]);
  });

  it('disconnect ends the SSH session on the server', async () => {
    const sys = join(base, 'plain', 'sys');
    materializeSysfs(createKernel(buildScenario('demo').state), sys);
    const r = routerOn(sys);
    const master = Number(readFileSync(join(sshd.dir, 'sshd.pid'), 'utf8'));
    const before = childrenOf(master).length;
    const res = await r.connect({ target: { kind: 'ssh', host: 'lpar' } });
    if (!res.ok) throw new Error(res.message);
    expect(childrenOf(master).length).toBe(before + 1);
    expect(await r.disconnect({ connectionId: res.connectionId })).toEqual({ closed: true });
    await expect.poll(() => childrenOf(master).length, { timeout: 10_000 }).toBe(before);
  });
});
