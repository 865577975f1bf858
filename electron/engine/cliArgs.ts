/**
 * Argument parsing for the engine's command-line commands: the target options
 * shared by all of them (`--demo SCENARIO [--era E1|E3]`, `--local ROOT`,
 * `--ssh HOST` with its SSH options) and the command's own flags.
 */
import type { ConnectTarget } from '../../shared/api/contract';
import { SCENARIO_NAMES } from '../../shared/api/validators';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedArgs {
  target: ConnectTarget;
  positional: string[];
  flags: Set<string>;
  values: Map<string, string>;
}

/** Options that take a value. */
const VALUE_OPTIONS = new Set([
  '--demo',
  '--era',
  '--local',
  '--ssh',
  '--format',
  '--ssh-config',
  '--known-hosts',
  '--identity-home',
  '--accept-host-key',
  '--remote-sysfs-root',
  '--remote-etc-root',
  '--read-timeout',
  '--etc-root',
  '--output',
  '--persist',
  '--pin',
  '--ap-lock',
  '--journal-dir'
]);

export function parseArgs(args: string[], allowedFlags: string[], allowedValues: string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_OPTIONS.has(name)) {
      const common = !['--format', '--output', '--persist', '--pin'].includes(name);
      if (!common && !allowedValues.includes(name)) throw new UsageError(`unknown option ${name}`);
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      if (values.has(name)) throw new UsageError(`${name} given twice`);
      values.set(name, v);
    } else if (allowedFlags.includes(name) && eq < 0) {
      flags.add(name);
    } else {
      throw new UsageError(`unknown option ${a}`);
    }
  }
  const chosen = ['--demo', '--local', '--ssh'].filter((k) => values.has(k));
  if (chosen.length === 0) throw new UsageError('choose the host: --demo SCENARIO, --local ROOT or --ssh HOST');
  if (chosen.length > 1) throw new UsageError(`choose ONE host option, not ${chosen.join(' and ')}`);
  return { target: targetOf(values), positional, flags, values };
}

function targetOf(values: Map<string, string>): ConnectTarget {
  if (values.has('--demo')) {
    const scenario = values.get('--demo')!;
    if (!(SCENARIO_NAMES as readonly string[]).includes(scenario)) {
      throw new UsageError(`unknown scenario ${JSON.stringify(scenario)}: use one of ${SCENARIO_NAMES.join(', ')}`);
    }
    const era = values.get('--era');
    if (era !== undefined && era !== 'E1' && era !== 'E3') throw new UsageError(`--era must be E1 or E3, not ${JSON.stringify(era)}`);
    return { kind: 'demo', scenario: scenario as (typeof SCENARIO_NAMES)[number], ...(era ? { era } : {}) };
  }
  if (values.has('--era')) throw new UsageError('--era goes with --demo only');
  if (values.has('--local')) {
    const root = values.get('--local')!;
    if (!root.startsWith('/')) throw new UsageError(`--local needs an absolute path (like /sys), not ${JSON.stringify(root)}`);
    const etcRoot = values.get('--etc-root');
    if (etcRoot !== undefined && !etcRoot.startsWith('/'))
      throw new UsageError(`--etc-root needs an absolute path (like /etc), not ${JSON.stringify(etcRoot)}`);
    return { kind: 'local', root, ...(etcRoot !== undefined ? { etcRoot } : {}) };
  }
  if (values.has('--etc-root')) throw new UsageError('--etc-root goes with --local (over SSH use --remote-etc-root)');
  const host = values.get('--ssh')!;
  if (host.startsWith('-')) throw new UsageError(`--ssh needs a host alias or name, not ${JSON.stringify(host)}`);
  return { kind: 'ssh', host };
}

/** `--read-timeout SECONDS` as milliseconds (undefined: the default deadline). */
export function readTimeoutOf(values: Map<string, string>): number | undefined {
  const v = values.get('--read-timeout');
  if (v === undefined) return undefined;
  if (!/^\d{1,5}$/.test(v) || Number(v) < 1) throw new UsageError(`--read-timeout takes whole seconds from 1, not ${JSON.stringify(v)}`);
  return Number(v) * 1000;
}

export const TARGET_USAGE =
  '(--demo SCENARIO [--era E1|E3] | --local ROOT [--etc-root DIR] | --ssh HOST [--ssh-config FILE] [--known-hosts FILE] [--accept-host-key SHA256:...] [--remote-sysfs-root DIR] [--remote-etc-root DIR]) [--read-timeout SECONDS]';
