/**
 * The fleet read over real SSH: one OpenSSH server on 127.0.0.1 serving two
 * FUSE-mounted simulators as the remote sysfs roots of two inventory hosts,
 * a third host whose port nobody listens on, and a fourth reached through a
 * proxy port whose known_hosts key is another one. Two hosts are read, two
 * fail with their reasons, and none stops the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetAudit } from '../../shared/fleet/types';
import { readFleet } from '../../electron/engine/fleet/fleetReader';
import { demoTargets } from '../../electron/engine/fleet/targets';
import { sshPaths } from '../../electron/engine/connections';
import { apmatrix, mountScenario, type SimMount } from '../helpers/simMount';
import { cliSshOptions, freePort, startSshd, startTcpProxy, type SshdHandle, type TcpProxy } from '../helpers/sshd';

let sshd: SshdHandle;
let proxy: TcpProxy;
let sims: SimMount[] = [];
let inventory: string;
const work = mkdtempSync(join(tmpdir(), 'apmx-fleet-'));

beforeAll(async () => {
  sshd = await startSshd();
  sshd.authorize('root');
  sims = await Promise.all([mountScenario({ scenario: 'default' }), mountScenario({ scenario: 'demo' })]);
  proxy = await startTcpProxy(sshd.port);
  // the proxy port is "known" with another key: the server's real key is refused as changed
  const wrong = readFileSync(sshd.wrongKey + '.pub', 'utf8')
    .trim()
    .split(/\s+/);
  appendFileSync(sshd.paths.knownHostsPath, `[127.0.0.1]:${proxy.port} ${wrong[0]} ${wrong[1]}\n`);
  const etc = join(work, 'etc');
  mkdirSync(etc);
  const conn = (port: number) =>
    `ansible_host=127.0.0.1 ansible_port=${port} ansible_user=root ansible_ssh_private_key_file=${sshd.userKey} apmatrix_etc_root=${etc}`;
  inventory = join(work, 'hosts.ini');
  writeFileSync(
    inventory,
    [
      '[kvm]',
      `kvm1 ${conn(sshd.port)} apmatrix_sysfs_root=${sims[0].dir}`,
      `kvm2 ${conn(sshd.port)} apmatrix_sysfs_root=${sims[1].dir}`,
      `down ${conn(await freePort())}`,
      `impostor ${conn(proxy.port)} apmatrix_sysfs_root=${sims[0].dir}`,
      ''
    ].join('\n')
  );
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(sims.map((s) => s.stop()));
  await sshd?.stop();
});

describe('apmatrix fleet over SSH', { timeout: 180_000 }, () => {
  it('reads the reachable hosts and reports the unreachable one and the refused host key with their reasons', async () => {
    const r = await apmatrix(['fleet', 'audit', '--json', '--inventory', inventory, ...cliSshOptions(sshd)], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(3); // a host could not be read
    const audit = JSON.parse(r.stdout) as FleetAudit;
    expect(audit.summaries.map((s) => [s.name, s.source, s.mdevs])).toEqual([
      ['kvm1', 'ssh:kvm1', 0],
      ['kvm2', 'ssh:kvm2', 3]
    ]);
    const failed = Object.fromEntries(audit.failed.map((f) => [f.name, f.error]));
    expect(Object.keys(failed).sort()).toEqual(['down', 'impostor']);
    expect(failed.down.code).toBe('connect-failed');
    expect(failed.down.message).toMatch(/cannot connect to root@127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(failed.impostor.code).toBe('host-key-changed');
    expect(failed.impostor.message).toMatch(/the host key of \[127\.0\.0\.1\]:\d+ CHANGED/);
  });

  it('prints a table with one row per host and the reasons below it', async () => {
    const r = await apmatrix(['fleet', 'snapshot', '--inventory', inventory, '--limit', 'kvm', ...cliSshOptions(sshd), '--parallel', '2'], {
      timeoutMs: 120_000
    });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^HOST\s+SOURCE\s+ERA\s+CARDS\s+FREE QUEUES\s+MDEVS\s+RUNNING GUESTS\s+FINDINGS$/);
    expect(lines[1]).toMatch(/^kvm1\s+ssh:kvm1\s+E3\s+4 \(CEX8C, CEX8A, CEX7P, CEX6C\)\s+0\s+0\s+/);
    expect(lines[2]).toMatch(/^kvm2\s+ssh:kvm2\s+E3\s+5 /);
    expect(r.stdout).toContain('Not read (2):');
    expect(r.stdout).toMatch(/ {2}down \(ssh:down\): connect-failed: /);
    expect(r.stdout).toMatch(/ {2}impostor \(ssh:impostor\): host-key-changed: /);
  });
});

describe('readFleet', () => {
  it('keeps at most --parallel hosts in flight and returns results in the order asked', async () => {
    const targets = demoTargets(['default', 'demo', 'legacy', 'demo', 'default', 'legacy']);
    let inFlight = 0;
    let most = 0;
    const entries = await readFleet(targets, {
      paths: sshPaths({ homeDir: work }),
      parallel: 2,
      onProgress: (p) => {
        inFlight += p.state === 'reading' ? 1 : -1;
        most = Math.max(most, inFlight);
      }
    });
    expect(most).toBe(2);
    expect(entries.map((e) => e.name)).toEqual(['default', 'demo', 'legacy', 'demo#2', 'default#2', 'legacy#2']);
    expect(entries.every((e) => e.host !== null)).toBe(true);
  });

  it('reports a directory without the AP bus as not an s390 host', async () => {
    const [e] = await readFleet([{ kind: 'local', name: 'pc', root: work }], { paths: sshPaths({ homeDir: work }) });
    expect(e.error?.code).toBe('not-s390');
    expect(e.error?.message).toMatch(/^not an s390 host with AP crypto: .*bus\/ap is missing/);
  });
});
