/**
 * The SSH transport against a REAL OpenSSH server (/usr/sbin/sshd) on
 * 127.0.0.1, whose "sysfs" is the FUSE-mounted kernel model: host keys
 * (unknown, accepted, changed), user keys (wrong, encrypted), non-root users
 * (no sudo: a clear permission error; passwordless sudo: works).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRouter, type Router } from '../../electron/engine/router';
import { DEMO_UUIDS } from '../../shared/kernel';
import net from 'node:net';
import { createSshTransport } from '../../electron/transport/ssh';
import { TransportError } from '../../electron/transport/types';
import { apmatrix, mountScenario, run, type SimMount } from '../helpers/simMount';
import { addThrowawayUser, startSshd, startTcpProxy, type SshdHandle } from '../helpers/sshd';
import { GOOD_PLAN } from './demoPlans';

const isRoot = process.getuid?.() === 0;
const hasSudo = ['/usr/bin/sudo', '/bin/sudo', '/usr/sbin/sudo'].some((p) => existsSync(p));
if (!isRoot) console.warn('sshTransport.test: not root, so the tests with a throwaway non-root user are skipped (useradd needs root)');
if (!hasSudo)
  console.warn(
    'sshTransport.test: sudo is not installed here, so the passwordless-sudo test is skipped (.ci/run can install the Debian package sudo)'
  );

let sim: SimMount;
let sshd: SshdHandle;
let router: Router;
const lockDir = mkdtempSync(join(tmpdir(), 'apmx-lock-'));

async function fingerprintOfFile(pub: string): Promise<string> {
  const r = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub]);
  return r.stdout.split(' ')[1];
}

beforeAll(async () => {
  [sim, sshd] = await Promise.all([mountScenario({ scenario: 'demo' }), startSshd()]);
  sshd.authorize('root');
  sshd.addHost('lpar');
  router = createRouter({ ...sshd.paths, agentSocket: null, remoteSysfsRoot: sim.dir, apLock: join(lockDir, 'ap.lock') });
});
afterAll(async () => {
  await router?.dispose();
  await sshd?.stop();
  await sim?.stop();
});

describe('ssh: host keys', () => {
  it('connects through an alias of ~/.ssh/config to a known host and reads the mount', async () => {
    const c = await router.connect({ target: { kind: 'ssh', host: 'lpar' } });
    if (!c.ok) throw new Error(c.message);
    expect(c.label).toBe('ssh:lpar');
    expect(c.host.source).toBe('ssh:lpar');
    expect(c.host.mdevs.map((m) => m.uuid).sort()).toEqual(Object.values(DEMO_UUIDS).sort());
    expect(c.host.warnings.filter((w) => w.file.startsWith('/sys'))).toEqual([]);
    const targets = await router.listTargets();
    expect(targets.sshHosts).toEqual([{ alias: 'lpar', hostName: '127.0.0.1', user: 'root', port: sshd.port }]);
  });

  it('an unknown host key is refused, showing the SHA256 fingerprint; accepted, it is remembered', async () => {
    const saved = readFileSync(sshd.paths.knownHostsPath, 'utf8');
    writeFileSync(sshd.paths.knownHostsPath, '');
    try {
      const fp = await fingerprintOfFile(sshd.hostKeyPub);
      const refused = await router.connect({ target: { kind: 'ssh', host: 'lpar' } });
      expect(refused).toMatchObject({ ok: false, need: 'host-key', fingerprint: fp });
      expect(readFileSync(sshd.paths.knownHostsPath, 'utf8')).toBe('');
      // accepting another fingerprint does not help
      const wrong = await router.connect({ target: { kind: 'ssh', host: 'lpar' }, acceptHostKey: 'SHA256:' + 'A'.repeat(43) });
      expect(wrong).toMatchObject({ ok: false, need: 'host-key' });
      const accepted = await router.connect({ target: { kind: 'ssh', host: 'lpar' }, acceptHostKey: fp });
      expect(accepted.ok).toBe(true);
      // remembered (hashed) in known_hosts: OpenSSH finds it, and the next connect needs no acceptance
      const found = await run('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', sshd.paths.knownHostsPath]);
      expect(found.code).toBe(0);
      expect((await router.connect({ target: { kind: 'ssh', host: 'lpar' } })).ok).toBe(true);
    } finally {
      writeFileSync(sshd.paths.knownHostsPath, saved);
    }
  });
});

describe('ssh: ProxyJump, timeouts, the command line', () => {
  it('reaches a host through a ProxyJump alias (the jump host is resolved through the config too)', async () => {
    // the jump host is reached through a counting proxy; the target directly from the jump host
    const proxy = await startTcpProxy(sshd.port);
    try {
      sshd.addHost('jumphost', { port: proxy.port });
      const cfg = readFileSync(sshd.paths.sshConfigPath, 'utf8');
      writeFileSync(
        sshd.paths.sshConfigPath,
        cfg + `Host behind\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  IdentityFile ${sshd.userKey}\n  ProxyJump jumphost\n`
      );
      const c = await router.connect({ target: { kind: 'ssh', host: 'behind' } });
      if (!c.ok) throw new Error(c.message);
      expect(c.host.mdevs).toHaveLength(3);
      expect(proxy.accepted).toBe(1);
      await router.disconnect({ connectionId: c.connectionId });
    } finally {
      await proxy.close();
    }
  });

  it('a server that never answers the handshake times out with a sentence', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    sshd.addHost('silent', { port });
    try {
      const err = await createSshTransport({ host: 'silent', ...sshd.paths, agentSocket: null, readyTimeoutMs: 1500 }).catch((e) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect(err.code).toBe('timeout');
      expect(err.message).toMatch(/did not complete the SSH handshake within 1500 ms/);
    } finally {
      silent.close();
    }
  });

  it('apmatrix snapshot --ssh ALIAS reads the host over SSH', { timeout: 120_000 }, async () => {
    const r = await apmatrix(
      [
        'snapshot',
        '--ssh',
        'lpar',
        '--ssh-config',
        sshd.paths.sshConfigPath,
        '--known-hosts',
        sshd.paths.knownHostsPath,
        '--remote-sysfs-root',
        sim.dir
      ],
      { timeoutMs: 90_000 }
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).source).toBe('ssh:lpar');
  });
});

describe('ssh: user authentication', () => {
  it('a key the server does not accept is refused with a clear message', async () => {
    sshd.addHost('wrongkey', { identityFile: sshd.wrongKey });
    const r = await router.connect({ target: { kind: 'ssh', host: 'wrongkey' } });
    expect(r).toMatchObject({ ok: false, need: 'error' });
    expect(!r.ok && r.message).toMatch(/root@127\.0\.0\.1:\d+ refused every credential we have \(tried: .*wrong_ed25519\)/);
  });

  it('an encrypted key asks for its passphrase; a wrong one is refused; the right one connects', async () => {
    const key = join(sshd.dir, 'enc_ed25519');
    expect((await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', key])).code).toBe(0);
    sshd.authorize('root', key + '.pub');
    sshd.addHost('enc', { identityFile: key });
    const ask = await router.connect({ target: { kind: 'ssh', host: 'enc' } });
    expect(ask).toMatchObject({ ok: false, need: 'secret' });
    expect(!ask.ok && ask.message).toContain(key);
    const wrong = await router.connect({ target: { kind: 'ssh', host: 'enc' }, secret: 'nope' });
    expect(wrong).toMatchObject({ ok: false, need: 'secret' });
    expect(!wrong.ok && wrong.message).toMatch(/passphrase .* is wrong/);
    expect((await router.connect({ target: { kind: 'ssh', host: 'enc' }, secret: 'open sesame' })).ok).toBe(true);
  });
});

describe('ssh: non-root users', () => {
  it.skipIf(!isRoot)('a non-root user whom sudo -n does not let in gets a clear permission error', async () => {
    const u = await addThrowawayUser();
    try {
      sshd.authorize(u.name);
      sshd.addHost(`plain-${u.name}`, { user: u.name });
      const r = await router.connect({ target: { kind: 'ssh', host: `plain-${u.name}` } });
      expect(r).toMatchObject({ ok: false, need: 'error' });
      expect(!r.ok && r.message).toMatch(new RegExp(`user ${u.name} is not root and (sudo is not installed there|\`sudo -n\` refused)`));
    } finally {
      await u.remove();
    }
  });

  it.skipIf(!isRoot || !hasSudo)('a non-root user with passwordless sudo reads and applies through sudo -n', async () => {
    const u = await addThrowawayUser();
    const rule = `/etc/sudoers.d/apmatrix-test-${u.name}`;
    try {
      writeFileSync(rule, `${u.name} ALL=(root) NOPASSWD: ALL\n`, { mode: 0o440 });
      sshd.authorize(u.name);
      sshd.addHost(`sudo-${u.name}`, { user: u.name });
      const c = await router.connect({ target: { kind: 'ssh', host: `sudo-${u.name}` } });
      if (!c.ok) throw new Error(c.message);
      expect(c.host.mdevs.length).toBe(3);
      const res = await router.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint });
      expect(res).toMatchObject({ ok: true, landed: 6 });
      const back = await router.applyPlan({ connectionId: c.connectionId, plan: res.rollback, fingerprint: res.host.fingerprint });
      expect(back.ok).toBe(true);
    } finally {
      rmSync(rule, { force: true });
      await u.remove();
    }
  });
});

describe('ssh: a changed host key', () => {
  it('is refused, showing the new and the known fingerprint; known_hosts is left alone', async () => {
    const oldFp = await fingerprintOfFile(sshd.hostKeyPub);
    const before = readFileSync(sshd.paths.knownHostsPath, 'utf8');
    await sshd.changeHostKey();
    const newFp = await fingerprintOfFile(sshd.hostKeyPub);
    const r = await router.connect({ target: { kind: 'ssh', host: 'lpar' } });
    expect(r).toMatchObject({ ok: false, need: 'host-key', fingerprint: newFp, knownFingerprint: oldFp });
    expect(!r.ok && r.message).toMatch(/CHANGED/);
    // the user may accept it for this session; the file is not rewritten
    expect((await router.connect({ target: { kind: 'ssh', host: 'lpar' }, acceptHostKey: newFp })).ok).toBe(true);
    expect(readFileSync(sshd.paths.knownHostsPath, 'utf8')).toBe(before);
  });
});
