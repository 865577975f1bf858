/**
 * Apply over SSH with the connection cut after every step index k in turn
 * (k = 0: right after the preflight). A loopback TCP proxy we control sits
 * between the client and the real sshd; it drops every connection the moment
 * the client has seen the k-th `STEP` line. The applier reconnects (through
 * the same proxy), re-reads, and must report exactly the steps the FUSE-mounted
 * kernel model really holds; the mount is read afterwards by another route
 * (the local transport) to check it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostProjection, prefixProjections } from '../../electron/engine/landed';
import { readHost } from '../../electron/engine/reader';
import { createRouter } from '../../electron/engine/router';
import { createLocalTransport } from '../../electron/transport/local';
import { shellLink } from '../../electron/transport/shellLink';
import { mountScenario } from '../helpers/simMount';
import { startSshd, startTcpProxy, type SshdHandle, type TcpProxy } from '../helpers/sshd';
import { GOOD_PLAN } from './demoPlans';

let sshd: SshdHandle;
let proxy: TcpProxy;
const lockDir = mkdtempSync(join(tmpdir(), 'apmx-lock-'));
const emptyEtc = mkdtempSync(join(tmpdir(), 'apmx-etc-'));

beforeAll(async () => {
  sshd = await startSshd();
  sshd.authorize('root');
  proxy = await startTcpProxy(sshd.port);
  sshd.addHost('cut', { port: proxy.port });
});
afterAll(async () => {
  await proxy?.close();
  await sshd?.stop();
});

describe('apply over SSH with the connection cut after step k', () => {
  const total = GOOD_PLAN.operations.length;
  it.each(Array.from({ length: total }, (_, k) => k))('cut after step %i: the landed steps reported equal the mount', async (k) => {
    const sim = await mountScenario({ scenario: 'demo' });
    const apLock = join(lockDir, `ap${k}.lock`);
    // its own /etc and /run: a cut apply may leave its journal there (issue 8 item 5)
    const etc = mkdtempSync(join(tmpdir(), 'apmx-etc-'));
    const router = createRouter({ ...sshd.paths, agentSocket: null, remoteSysfsRoot: sim.dir, remoteEtcRoot: etc, apLock });
    try {
      const c = await router.connect({ target: { kind: 'ssh', host: 'cut' } });
      if (!c.ok) throw new Error(c.message);
      const acceptedBefore = proxy.accepted;
      let cutAt: number | null = null;
      router.onApplyProgress((p) => {
        if (cutAt !== null) return;
        const hit = k === 0 ? p.state === 'running' && /host checked/.test(p.message) : p.state === 'ok' && p.step === k;
        if (hit) {
          cutAt = k;
          proxy.cut();
        }
      });
      const res = await router.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint });
      expect(cutAt, JSON.stringify({ ok: res.ok, error: res.error, landed: res.landed })).toBe(k);
      expect(proxy.accepted).toBeGreaterThan(acceptedBefore); // it reconnected

      // the truth, read from the mount by another route
      const truth = await readHost(shellLink(createLocalTransport(), { sysfsRoot: sim.dir, etcRoot: etc, source: 'truth', apLock }));
      const prefixes = prefixProjections(c.host, GOOD_PLAN);
      expect(hostProjection(res.host)).toBe(hostProjection(truth.host));
      expect(prefixes[res.landed]).toBe(hostProjection(truth.host));
      // what was reported before the cut did land
      expect(res.landed).toBeGreaterThanOrEqual(k);
      expect(res.ok).toBe(res.landed === total);
      if (!res.ok) expect(res.error).toMatch(new RegExp(`connection was lost.*${res.landed} of ${total} steps landed`));
      expect(res.rollback.operations.length > 0).toBe(res.landed > 0);
    } finally {
      await router.dispose();
      await sim.stop();
    }
  });
});

describe('a read after the connection dropped while idle', () => {
  it('reconnects by itself (a read changes nothing)', async () => {
    const sim = await mountScenario({ scenario: 'demo' });
    const router = createRouter({ ...sshd.paths, agentSocket: null, remoteSysfsRoot: sim.dir, remoteEtcRoot: emptyEtc });
    try {
      const c = await router.connect({ target: { kind: 'ssh', host: 'cut' } });
      if (!c.ok) throw new Error(c.message);
      const accepted = proxy.accepted;
      proxy.cut();
      const again = await router.readHost({ connectionId: c.connectionId });
      expect(again.host.fingerprint).toBe(c.host.fingerprint);
      expect(proxy.accepted).toBe(accepted + 1);
    } finally {
      await router.dispose();
      await sim.stop();
    }
  });
});
