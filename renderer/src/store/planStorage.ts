/**
 * The current plan survives a page reload and an app restart: it is kept in
 * localStorage under a key of the host it was made on (a plan belongs to its
 * host), with the names the user gave new mdevs, and the last host opened is
 * remembered so a reload comes back to it.
 */
import type { ConnectTarget } from '../../../shared/api/contract';
import type { PlanFile } from '../plan/planFile';
import { checkStoredPlan } from './storedPlanCheck';

const PREFIX = 'apmatrix.plan:';
const LAST = 'apmatrix.lastTarget';

export interface StoredPlan extends PlanFile {
  names: Record<string, string>;
}

export function hostKey(t: ConnectTarget): string {
  return t.kind === 'demo' ? `demo:${t.scenario}${t.era ? `:${t.era}` : ''}` : t.kind === 'local' ? `local:${t.root}` : `ssh:${t.host}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function savePlan(t: ConnectTarget, plan: StoredPlan | null): void {
  const s = storage();
  if (!s) return;
  try {
    if (!plan || !plan.operations.length) s.removeItem(PREFIX + hostKey(t));
    else s.setItem(PREFIX + hostKey(t), JSON.stringify(plan));
  } catch {
    // storage full or refused: the plan still lives in the page
  }
}

/**
 * The stored plan of this host, checked (storedPlanCheck.ts): a plan, a
 * malformed one dropped from storage with its sentence, or null (none kept).
 */
export function loadPlan(t: ConnectTarget): StoredPlan | { dropped: string } | null {
  const s = storage();
  const raw = s?.getItem(PREFIX + hostKey(t));
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const checked = checkStoredPlan(value);
  if (checked.ok) return checked.plan.operations.length ? checked.plan : null;
  try {
    s?.removeItem(PREFIX + hostKey(t));
  } catch {
    // not removed: it is checked and dropped again next time
  }
  return { dropped: checked.message };
}

/** Demo and local hosts are reopened after a reload; SSH hosts may ask for a key, so the user opens them. */
export function rememberTarget(t: ConnectTarget): void {
  try {
    if (t.kind !== 'ssh') storage()?.setItem(LAST, JSON.stringify(t));
  } catch {
    // not remembered: the app opens the demo host
  }
}

export function lastTarget(): ConnectTarget | null {
  try {
    const v = JSON.parse(storage()?.getItem(LAST) ?? 'null') as ConnectTarget | null;
    return v && (v.kind === 'demo' || v.kind === 'local') ? v : null;
  } catch {
    return null;
  }
}
