/**
 * The inventory reader against Ansible's own: `ansible-inventory --list` on
 * the same INI and YAML files gives the hosts and the merged variables we use.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { limitHosts, parseInventory } from '../../electron/engine/fleet/inventory';
import { MAX_YAML_DEPTH } from '../../electron/engine/fleet/yamlLite';
import { run } from '../helpers/simMount';

const dir = mkdtempSync(join(tmpdir(), 'apmx-inv-'));
const KEYS = ['ansible_host', 'ansible_user', 'ansible_port', 'ansible_ssh_private_key_file', 'ansible_connection', 'apmatrix_sysfs_root'];

async function ansibleView(file: string): Promise<Record<string, Record<string, string>>> {
  const env = { ...process.env, HOME: join(dir, 'home'), ANSIBLE_LOCAL_TEMP: join(dir, 'tmp') };
  const r = await run('ansible-inventory', ['-i', file, '--list'], { env, timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  const list = JSON.parse(r.stdout) as { _meta: { hostvars: Record<string, Record<string, unknown>> } };
  const out: Record<string, Record<string, string>> = {};
  for (const [h, vars] of Object.entries(list._meta.hostvars)) {
    out[h] = Object.fromEntries(KEYS.filter((k) => vars[k] !== undefined).map((k) => [k, String(vars[k])]));
  }
  // hosts without variables appear in groups only
  const all = new Set<string>();
  const walk = (g: string) => {
    const e = (list as unknown as Record<string, { hosts?: string[]; children?: string[] }>)[g];
    e?.hosts?.forEach((h) => all.add(h));
    e?.children?.forEach(walk);
  };
  walk('all');
  for (const h of all) out[h] ??= {};
  return out;
}

function ours(file: string, text: string) {
  return Object.fromEntries(
    parseInventory(text, file).map((h) => [
      h.name,
      Object.fromEntries(KEYS.filter((k) => h.vars[k] !== undefined).map((k) => [k, h.vars[k]]))
    ])
  );
}

const INI = `# KVM hosts
lonely ansible_host=10.0.0.9
[kvm]
kvm[01:03] ansible_user=admin
kvm4 ansible_host=10.0.0.4 ansible_port=2222 ansible_ssh_private_key_file="/keys/kvm 4"

[kvm:vars]
ansible_user=root
ansible_port=22

[lab]
lab1 ansible_connection=local apmatrix_sysfs_root=/mnt/sim1

[zsystems:children]
kvm
lab

[all:vars]
ansible_user=nobody
`;

const YAML = `---
all:
  vars:
    ansible_user: nobody
  hosts:
    lonely:
      ansible_host: 10.0.0.9
  children:
    zsystems:
      vars:
        ansible_port: "22"
      children:
        kvm:
          vars:
            ansible_user: root   # group wins over all
          hosts:
            kvm1:
              ansible_user: admin
            kvm4:
              ansible_host: 10.0.0.4
              ansible_port: 2222
              ansible_ssh_private_key_file: '/keys/kvm 4'
        lab:
          hosts:
            lab1: {}
            lab2:
`;

describe('Ansible inventories', { timeout: 120_000 }, () => {
  it('INI: hosts, ranges, groups, :vars and :children merge as ansible-inventory says', async () => {
    const file = join(dir, 'hosts.ini');
    writeFileSync(file, INI);
    expect(ours(file, INI)).toEqual(await ansibleView(file));
    const hosts = parseInventory(INI, file);
    expect(limitHosts(hosts, 'zsystems').map((h) => h.name)).toEqual(['kvm01', 'kvm02', 'kvm03', 'kvm4', 'lab1']);
    expect(limitHosts(hosts, 'lab').map((h) => h.name)).toEqual(['lab1']);
  });

  it('YAML: nested children, group and host vars merge as ansible-inventory says', async () => {
    const file = join(dir, 'hosts.yml');
    writeFileSync(file, YAML);
    expect(ours(file, YAML)).toEqual(await ansibleView(file));
    expect(limitHosts(parseInventory(YAML, file), 'kvm').map((h) => h.name)).toEqual(['kvm1', 'kvm4']);
  });

  it('refuses what it cannot read with the line', () => {
    expect(() => parseInventory('all:\n  hosts:\n    - kvm1\n', 'x.yml')).toThrow(/x\.yml: line 3: lists are not supported/);
    expect(() => parseInventory('[kvm\nkvm1\n', 'x.ini')).toThrow(/x\.ini: line 1: cannot read the section header/);
  });
});

describe('a file that is not an inventory', () => {
  it('refuses YAML nested deeper than the bound with the line, not a stack overflow', () => {
    const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + '\n';
    // 64 levels of mappings are read; the 65th is refused at its line
    expect(() => parseInventory(nested(MAX_YAML_DEPTH), 'x.yml')).not.toThrow(/nest deeper/);
    expect(() => parseInventory(nested(MAX_YAML_DEPTH + 1), 'x.yml')).toThrow(
      `x.yml: line ${MAX_YAML_DEPTH + 1}: mappings nest deeper than ${MAX_YAML_DEPTH} levels here: an inventory needs only a few`
    );
    // deep enough to overflow the stack of a reader without the bound
    expect(() => parseInventory(nested(10_000), 'deep.yml')).toThrow(/^deep\.yml: line 65: mappings nest deeper/);
  });

  it('is refused at its first line that is not a host name, without its content in the error', () => {
    const shadow = 'root:$y$j9T$Secret0Hash$Rest:19000:0:99999:7:::\n';
    expect(() => parseInventory(shadow, '/etc/shadow')).toThrow(/\/etc\/shadow: line 1: not a host name/);
    try {
      parseInventory(shadow, '/etc/shadow');
    } catch (e) {
      expect((e as Error).message).not.toContain('Secret0Hash');
    }
    expect(() => parseInventory('all:\n  hosts:\n    "-oProxyCommand=x":\n', 'x.yml')).toThrow(/x\.yml: all\.hosts: not a host name/);
    expect(parseInventory('kvm[01:02].example.com\n192.0.2.7\n', 'ok.ini').map((h) => h.name)).toEqual([
      'kvm01.example.com',
      'kvm02.example.com',
      '192.0.2.7'
    ]);
  });
});
