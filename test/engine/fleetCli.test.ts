/**
 * `apmatrix fleet` on the built-in scenarios (child processes, stdin not a
 * terminal): one summary per host and the cross-host findings, hosts from
 * ~/.ssh/config by pattern, usage errors, and the multi-host Ansible export.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetAudit } from '../../shared/fleet/types';
import { hostFingerprint } from '../../shared/host/fingerprint';
import { readHost } from '../../electron/engine/reader';
import { simulatedLink } from '../../electron/transport/simulated';
import { apmatrix as run } from '../helpers/simMount';

const dir = mkdtempSync(join(tmpdir(), 'apmx-fleetcli-'));
const apmatrix = (args: string[]) => run(args, { timeoutMs: 90_000 });

describe('apmatrix fleet', { timeout: 120_000 }, () => {
  it('audit --demo default,demo,legacy prints one summary per host and the cross-host findings', async () => {
    const r = await apmatrix(['fleet', 'audit', '--demo', 'default,demo,legacy']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2); // the demo hosts carry planted errors
    const lines = r.stdout.split('\n');
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(['default', 'demo', 'legacy']);
    expect(r.stdout).toMatch(/^ {2}Guest1 +demo +4 \(05\.0004, 05\.00ab, 06\.0004, \.\.\.\) +nowhere$/m);
    // two guests with nowhere to go, and two hosts whose next boot differs (the planted persistent problems)
    expect(r.stdout).toContain('Cross-host findings (4):');
    expect(r.stdout).toMatch(/warning guest-no-failover: Guest Guest1 on demo/);
    expect(r.stdout).toMatch(/warning persist-differs: demo: the persistent configuration differs/);
    const j = JSON.parse((await apmatrix(['fleet', 'audit', '--json', '--demo', 'demo,demo'])).stdout) as FleetAudit;
    expect(j.summaries.map((s) => s.name)).toEqual(['demo', 'demo#2']);
    expect(j.findings.filter((f) => f.code === 'mdev-on-two-hosts')).toHaveLength(3);
  });

  it('takes the hosts of ~/.ssh/config matching a pattern (and says when none does)', async () => {
    const cfg = join(dir, 'ssh_config');
    writeFileSync(cfg, 'Host kvm-a kvm-b\n  HostName 127.0.0.1\n  Port 1\nHost other\n  HostName 127.0.0.1\n  Port 1\n');
    const r = await apmatrix([
      'fleet',
      'snapshot',
      '--json',
      '--ssh-config-hosts',
      'kvm-*',
      '--ssh-config',
      cfg,
      '--known-hosts',
      join(dir, 'kh'),
      '--identity-home',
      dir
    ]);
    expect(r.code).toBe(1);
    const hosts = (JSON.parse(r.stdout) as { hosts: Array<{ name: string; error: { code: string } }> }).hosts;
    expect(hosts.map((h) => [h.name, h.error.code])).toEqual([
      ['kvm-a', 'connect-failed'],
      ['kvm-b', 'connect-failed']
    ]);
    const none = await apmatrix(['fleet', 'snapshot', '--ssh-config-hosts', 'db*', '--ssh-config', cfg]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no host alias in .*ssh_config matches "db\*"/);
  });

  it('explains usage errors in one line', async () => {
    for (const [args, re] of [
      [['fleet', 'audit'], /name the hosts: /],
      [['fleet', 'audit', '--demo', 'nope'], /unknown scenario "nope"/],
      [['fleet', 'audit', '--demo', 'demo', '--parallel', '0'], /--parallel must be 1\.\.64/],
      [['fleet', 'frob'], /use `fleet snapshot`/]
    ] as Array<[string[], RegExp]>) {
      const r = await apmatrix(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('export: one playbook for a group of hosts, each with its own preflight; a pinned fingerprint that moved stops it', async () => {
    const uuid = 'a1b2c3d4-0000-4000-8000-0000000000f2';
    // the same change for two hosts: a new mdev holding usage domain 0x0a
    const ops = [
      { kind: 'create-mdev', uuid },
      { kind: 'assign-domain', uuid, id: 0x0a }
    ];
    const fp = async (s: string) => hostFingerprint((await readHost(simulatedLink(s))).host);
    const plan = join(dir, 'group.json');
    writeFileSync(
      plan,
      JSON.stringify({ title: 'group change', operations: ops, fingerprints: { default: await fp('default'), demo: await fp('demo') } })
    );
    const r = await apmatrix(['fleet', 'export', plan, '--format', 'ansible', '--demo', 'default,demo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {6}"default":$/m);
    expect(r.stdout).toMatch(/^ {6}"demo":$/m);
    expect(r.stdout).toMatch(/^ {8}source: !unsafe "demo:demo"$/m);
    writeFileSync(
      plan,
      JSON.stringify({ title: 'group change', operations: ops, fingerprints: { default: await fp('default'), demo: '0000000000000000' } })
    );
    const moved = await apmatrix(['fleet', 'export', plan, '--format', 'ansible', '--demo', 'default,demo']);
    expect(moved.code).toBe(1);
    expect(moved.stdout).toBe('');
    expect(moved.stderr).toMatch(/not exported: demo: changed since the plan was made/);
  });
});
