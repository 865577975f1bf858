/**
 * The apply dialog's choice of where the plan goes: the active state (sysfs,
 * gone at the next boot), the persistent configuration (chzdev's udev rule and
 * mdevctl definitions, effective at the next boot), or both; with the
 * persistent changes listed before anything is written. Its own small state,
 * read by the apply request through persistRequest().
 */
import { useSyncExternalStore } from 'react';
import type { HostState } from '../../../shared/host/hostState';
import { persistentChanges, type PersistMode } from '../../../shared/export/persistPlan';
import { pictureOfHost, predictAfter, touchedMdevs } from '../../../shared/export/picture';
import type { Operation } from '../../../shared/plan/operations';

/** null: not chosen, the host decides (both where its persistent root is writable, else active) */
let mode: PersistMode | null = null;
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => (listeners.add(l), () => listeners.delete(l));

export function setPersistMode(m: PersistMode | null): void {
  mode = m;
  listeners.forEach((l) => l());
}

/** The `persist` field of the applyPlan request (absent = the host's default). */
export function persistRequest(): { persist?: PersistMode } {
  return mode ? { persist: mode } : {};
}

const LABELS: Array<[PersistMode | null, string]> = [
  [null, 'Default: both where the persistent files can be written, else active only'],
  ['both', 'Both: now and after a reboot'],
  ['active', 'Active only (sysfs; gone after a reboot)'],
  ['persistent', 'Persistent only (udev rule, mdevctl; at the next boot)']
];

export default function PersistChoice({ host, operations }: { host: HostState; operations: Operation[] }): React.JSX.Element {
  const current = useSyncExternalStore(subscribe, () => mode);
  let changes: string[];
  try {
    changes = persistentChanges(
      host,
      predictAfter(pictureOfHost(host), { title: '', operations }),
      touchedMdevs({ title: '', operations })
    ).map((c) => c.describe);
  } catch {
    changes = [];
  }
  return (
    <fieldset className="persist-choice" data-testid="persist-choice">
      <legend>Apply to</legend>
      {LABELS.map(([m, label]) => (
        <label key={m ?? 'default'} className="check">
          <input
            type="radio"
            name="persist"
            value={m ?? 'default'}
            checked={current === m}
            onChange={() => setPersistMode(m)}
            data-testid={`persist-${m ?? 'default'}`}
          />{' '}
          {label}
        </label>
      ))}
      {current !== 'active' && (
        <ul className="small" data-testid="persist-changes">
          {changes.length ? (
            changes.map((c, i) => <li key={i}>{c}</li>)
          ) : (
            <li className="muted">The persistent configuration already matches the plan.</li>
          )}
          {!host.persist && <li className="muted">No persistent configuration was read from this host; the changes assume none exists.</li>}
        </ul>
      )}
    </fieldset>
  );
}
