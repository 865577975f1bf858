/**
 * The hosts of a fleet read: demo scenarios, local sysfs roots and SSH hosts
 * (by alias, from ~/.ssh/config by pattern, or from an Ansible inventory with
 * its connection variables).
 */
import { userInfo } from 'node:os';
import type { ScenarioName } from '../../../shared/api/contract';
import { globMatch, listHostAliases, loadSshConfig } from '../../transport/sshConfig';
import type { InventoryHost } from './inventory';

export type FleetTarget =
  | { kind: 'demo'; name: string; scenario: ScenarioName }
  | { kind: 'local'; name: string; root: string; etcRoot?: string }
  | {
      kind: 'ssh';
      name: string;
      /** alias or host name given to the SSH transport (resolved through ~/.ssh/config) */
      host: string;
      override?: { hostName?: string; user?: string; port?: number; identityFile?: string };
      sysfsRoot?: string;
      etcRoot?: string;
    };

export function targetLabel(t: FleetTarget): string {
  return t.kind === 'demo' ? `demo:${t.scenario}` : t.kind === 'local' ? `local:${t.root}` : `ssh:${t.host}`;
}

/** Demo scenarios; a scenario named twice gets `#2`, `#3` so names stay unique. */
export function demoTargets(scenarios: ScenarioName[]): FleetTarget[] {
  const seen = new Map<string, number>();
  return scenarios.map((scenario) => {
    const n = (seen.get(scenario) ?? 0) + 1;
    seen.set(scenario, n);
    return { kind: 'demo', name: n === 1 ? scenario : `${scenario}#${n}`, scenario };
  });
}

/** Aliases of ~/.ssh/config (no wildcard patterns) that match the glob. */
export function sshConfigTargets(pattern: string, sshConfigPath: string): FleetTarget[] {
  return listHostAliases(loadSshConfig(sshConfigPath))
    .filter((alias) => globMatch(pattern, alias))
    .map((alias) => ({ kind: 'ssh', name: alias, host: alias }));
}

export function sshTargets(hosts: string[]): FleetTarget[] {
  return hosts.map((host) => ({ kind: 'ssh', name: host, host }));
}

const v = (h: InventoryHost, ...names: string[]) => names.map((n) => h.vars[n]).find((x) => x !== undefined && x !== '');

/** An inventory host as Ansible would reach it; `ansible_connection=local` reads this machine. */
export function inventoryTarget(h: InventoryHost): FleetTarget {
  const sysfsRoot = v(h, 'apmatrix_sysfs_root');
  const etcRoot = v(h, 'apmatrix_etc_root');
  if (v(h, 'ansible_connection') === 'local') return { kind: 'local', name: h.name, root: sysfsRoot ?? '/sys', etcRoot };
  const portText = v(h, 'ansible_port', 'ansible_ssh_port');
  const port = portText && /^\d+$/.test(portText) ? Number(portText) : undefined;
  const override = {
    hostName: v(h, 'ansible_host', 'ansible_ssh_host'),
    user: v(h, 'ansible_user', 'ansible_ssh_user') ?? undefined,
    port,
    identityFile: expandHome(v(h, 'ansible_ssh_private_key_file', 'ansible_private_key_file'))
  };
  return { kind: 'ssh', name: h.name, host: h.name, override, sysfsRoot, etcRoot };
}

function expandHome(p: string | undefined): string | undefined {
  return p?.startsWith('~/') ? `${userInfo().homedir}${p.slice(1)}` : p;
}
