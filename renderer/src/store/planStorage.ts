/**
 * The current plan survives a page reload and an app restart: it is kept in
 * localStorage under a key of the host it was made on (a plan belongs to its
 * host), with the names the user gave new mdevs, and the last host opened is
 * remembered so a reload comes back to it.
 */
import type { ConnectTarget } from '../../../shared/api/contract';
import type { PlanFile } from '../plan/planFile';

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

export function loadPlan(t: ConnectTarget): StoredPlan | null {
  const raw = storage()?.getItem(PREFIX + hostKey(t));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as StoredPlan;
    return Array.isArray(v.operations) && v.operations.length ? { ...v, names: v.names ?? {} } : null;
  } catch {
    return null;
  }
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
