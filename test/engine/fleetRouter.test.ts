/**
 * The router's fleet requests (what the fleet panel calls through IPC or the
 * bridge): a read of several sources, a re-read of one host, the overview
 * pictures, and payloads refused with the field and the rule.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateRequest } from '../../shared/api/validators';
import { createRouter } from '../../electron/engine/router';

const home = mkdtempSync(join(tmpdir(), 'apmx-fleet-router-'));

describe('fleet requests of the router', () => {
  it('reads demo and inventory sources, re-reads one host, and says how to open each', async () => {
    const inv = join(home, 'hosts.ini');
    writeFileSync(inv, `[lab]\npc ansible_connection=local apmatrix_sysfs_root=${home}\nkvm9 ansible_host=127.0.0.1 ansible_port=1\n`);
    const router = createRouter({ homeDir: home, agentSocket: null });
    const v = await router.readFleet({
      sources: [
        { kind: 'demo', scenario: 'demo' },
        { kind: 'demo', scenario: 'legacy' },
        { kind: 'inventory', path: inv }
      ]
    });
    expect(v.hosts.map((h) => [h.name, h.error?.code ?? null])).toEqual([
      ['demo', null],
      ['legacy', null],
      ['pc', 'not-s390'],
      ['kvm9', 'connect-failed']
    ]);
    expect(v.hosts.map((h) => h.open)).toEqual([
      { kind: 'demo', scenario: 'demo' },
      { kind: 'demo', scenario: 'legacy' },
      { kind: 'local', root: home },
      null
    ]);
    const demo = v.hosts[0].overview!;
    // only the adapters and domains in use: 00 01 02 05 06 3f x 0000-000f 0047 00ab 00ff
    expect(demo.adapterIds).toEqual([0x00, 0x01, 0x02, 0x05, 0x06, 0x3f]);
    expect(demo.domainIds).toHaveLength(19);
    expect(demo.cells).toHaveLength(6 * 19);
    // Guest1 (running) holds 05.0004
    expect(demo.cells[3 * 19 + 4]).toBe('g');
    expect(v.failover.map((r) => [r.guest, r.readyOn])).toEqual([
      ['Guest1', []],
      ['LegacyGuest1', []]
    ]);
    const again = await router.rereadFleetHost({ name: 'legacy' });
    expect(again.hosts.map((h) => h.name)).toEqual(['demo', 'legacy', 'pc', 'kvm9']);
    await expect(router.rereadFleetHost({ name: 'nope' })).rejects.toThrow(/nope is not a host of the fleet as last read/);
    await router.dispose();
  });

  it('refuses malformed fleet payloads with the field and the rule', () => {
    expect(() => validateRequest('readFleet', { sources: [] })).toThrow(/readFleet: sources must be a list of 1 to 256 host sources/);
    expect(() => validateRequest('readFleet', { sources: [{ kind: 'ssh', host: '-oProxyCommand=x' }] })).toThrow(
      /must not start with "-"|must be a host alias/
    );
    expect(() => validateRequest('readFleet', { sources: [{ kind: 'inventory', path: 'relative.ini' }] })).toThrow(
      /sources\[0\]\.path must be an absolute path/
    );
    expect(() => validateRequest('readFleet', { sources: [{ kind: 'demo', scenario: 'demo' }], parallel: 0 })).toThrow(
      /parallel must be an integer 1\.\.64/
    );
    expect(() => validateRequest('rereadFleetHost', { name: 'a', more: 1 })).toThrow(/payload\.more is not a known field/);
  });
});
