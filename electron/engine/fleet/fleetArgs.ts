/**
 * Arguments of `apmatrix fleet snapshot|audit|export`: the hosts (any mix of
 * `--ssh HOST` repeated, `--ssh-config-hosts PATTERN`, `--inventory FILE
 * [--limit GROUP]`, `--demo a,b,c`, `--local ROOT` repeated), the SSH files,
 * `--parallel N` and `--json`.
 */
import { readFileSync } from 'node:fs';
import type { ScenarioName } from '../../../shared/api/contract';
import { SCENARIO_NAMES } from '../../../shared/api/validators';
import { UsageError } from '../cliArgs';
import { sshPaths, type SshPaths } from '../connections';
import { InventoryError, limitHosts, parseInventory } from './inventory';
import { demoTargets, inventoryTarget, sshConfigTargets, sshTargets, type FleetTarget } from './targets';

export interface FleetArgs {
  targets: FleetTarget[];
  paths: SshPaths;
  parallel: number;
  json: boolean;
  acceptHostKeys: string[];
  remoteSysfsRoot?: string;
  remoteEtcRoot?: string;
  positional: string[];
  format?: string;
}

const REPEATED = new Set(['--ssh', '--ssh-config-hosts', '--local', '--accept-host-key']);
const SINGLE = new Set([
  '--inventory',
  '--limit',
  '--demo',
  '--parallel',
  '--ssh-config',
  '--known-hosts',
  '--identity-home',
  '--remote-sysfs-root',
  '--remote-etc-root',
  '--format'
]);

export const FLEET_HOSTS_USAGE =
  '(--ssh HOST ... | --ssh-config-hosts PATTERN | --inventory FILE [--limit GROUP] | --demo default,demo,legacy | --local ROOT ...) [--parallel N] [--json] [--ssh-config FILE] [--known-hosts FILE] [--accept-host-key SHA256:...]';

export function parseFleetArgs(args: string[]): FleetArgs {
  const many = new Map<string, string[]>();
  const one = new Map<string, string>();
  const positional: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    if (a === '--json') {
      json = true;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!REPEATED.has(name) && !SINGLE.has(name)) throw new UsageError(`unknown option ${a}`);
    const v = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
    if (REPEATED.has(name)) many.set(name, [...(many.get(name) ?? []), v]);
    else if (one.has(name)) throw new UsageError(`${name} given twice`);
    else one.set(name, v);
  }
  const paths = sshPaths({
    sshConfigPath: one.get('--ssh-config'),
    knownHostsPath: one.get('--known-hosts'),
    homeDir: one.get('--identity-home')
  });
  const targets: FleetTarget[] = [];
  if (one.has('--demo')) {
    const names = one
      .get('--demo')!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const n of names) {
      if (!(SCENARIO_NAMES as readonly string[]).includes(n))
        throw new UsageError(`unknown scenario ${JSON.stringify(n)}: use one of ${SCENARIO_NAMES.join(', ')}`);
    }
    targets.push(...demoTargets(names as ScenarioName[]));
  }
  for (const root of many.get('--local') ?? []) {
    if (!root.startsWith('/')) throw new UsageError(`--local needs an absolute path (like /sys), not ${JSON.stringify(root)}`);
    targets.push({ kind: 'local', name: `local:${root}`, root });
  }
  for (const h of many.get('--ssh') ?? [])
    if (h.startsWith('-')) throw new UsageError(`--ssh needs a host alias or name, not ${JSON.stringify(h)}`);
  targets.push(...sshTargets(many.get('--ssh') ?? []));
  for (const p of many.get('--ssh-config-hosts') ?? []) {
    const found = sshConfigTargets(p, paths.sshConfigPath);
    if (found.length === 0) throw new UsageError(`no host alias in ${paths.sshConfigPath} matches ${JSON.stringify(p)}`);
    targets.push(...found);
  }
  if (one.has('--inventory')) {
    const file = one.get('--inventory')!;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read the inventory ${file}: ${(e as Error).message}`);
    }
    let hosts;
    try {
      hosts = limitHosts(parseInventory(text, file), one.get('--limit'));
    } catch (e) {
      if (e instanceof InventoryError) throw new UsageError(e.message);
      throw e;
    }
    if (hosts.length === 0) throw new UsageError(`no host in ${file}${one.has('--limit') ? ` matches --limit ${one.get('--limit')}` : ''}`);
    targets.push(...hosts.map(inventoryTarget));
  } else if (one.has('--limit')) throw new UsageError('--limit goes with --inventory');
  if (targets.length === 0) throw new UsageError(`name the hosts: ${FLEET_HOSTS_USAGE}`);
  const names = new Set<string>();
  for (const t of targets) {
    if (names.has(t.name)) throw new UsageError(`host ${t.name} is named twice`);
    names.add(t.name);
  }
  const parallelText = one.get('--parallel') ?? '8';
  if (!/^\d+$/.test(parallelText) || Number(parallelText) < 1 || Number(parallelText) > 64)
    throw new UsageError(`--parallel must be 1..64, not ${JSON.stringify(parallelText)}`);
  return {
    targets,
    paths,
    parallel: Number(parallelText),
    json,
    acceptHostKeys: many.get('--accept-host-key') ?? [],
    remoteSysfsRoot: one.get('--remote-sysfs-root'),
    remoteEtcRoot: one.get('--remote-etc-root'),
    positional,
    format: one.get('--format')
  };
}
