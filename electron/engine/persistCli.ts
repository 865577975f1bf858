/**
 * `apmatrix apply FILE --persist active|persistent|both`: the mode and the
 * preview of the persistent changes (rule lines, definitions defined, modified,
 * undefined) printed before anything is written. The writing itself is the
 * plan script's persistent part (shared/export/persistScript.ts).
 */
import type { HostState } from '../../shared/host/hostState';
import { persistentChanges, PERSIST_MODES, type PersistMode } from '../../shared/export/persistPlan';
import { pictureOfHost, predictAfter, touchedMdevs } from '../../shared/export/picture';
import type { Plan } from '../../shared/plan/operations';
import { UsageError } from './cliArgs';

export function persistModeOf(value: string | undefined): PersistMode | undefined {
  if (value === undefined) return undefined;
  if (!(PERSIST_MODES as readonly string[]).includes(value))
    throw new UsageError(`--persist must be active, persistent or both, not ${JSON.stringify(value)}`);
  return value as PersistMode;
}

export function persistPreview(host: HostState, plan: Plan, mode: PersistMode | undefined): string {
  const changes = persistentChanges(host, predictAfter(pictureOfHost(host), plan), touchedMdevs(plan));
  const which = mode ?? 'default (both where the persistent root is writable, else active)';
  const lines = [`persist: ${which}`];
  if (mode === 'active') lines.push('  persistent configuration: left as it is (the change is gone after a reboot)');
  else if (!changes.length) lines.push('  persistent configuration: already matches the plan');
  else for (const c of changes) lines.push(`  persistent: ${c.describe}`);
  if (host.persist === undefined && mode !== 'active')
    lines.push('  (no persistent configuration was read from this host: the changes assume none exists)');
  return lines.join('\n') + '\n';
}
