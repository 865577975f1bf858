/**
 * A plan read back from localStorage is input like a plan file: another tab,
 * an older version of the app or a hand edit may have left anything under the
 * key. It is checked by the same validator as plan files and API requests
 * (shared/api/validators.ts) before it is loaded; a malformed one is dropped
 * with a sentence saying why.
 */
import { validatePlanValue } from '../../../shared/api/validators';
import type { StoredPlan } from './planStorage';

/** how a stored plan names itself in error sentences */
const WHERE = 'stored plan';

export type StoredPlanCheck = { ok: true; plan: StoredPlan } | { ok: false; message: string };

export function checkStoredPlan(value: unknown): StoredPlanCheck {
  const drop = (why: string): StoredPlanCheck => ({
    ok: false,
    message: `The plan kept for this host was malformed and has been dropped, not loaded: ${why}`
  });
  if (!value || typeof value !== 'object' || Array.isArray(value)) return drop('expected an object {title, operations}.');
  const { fingerprint, names, ...rest } = value as Record<string, unknown>;
  if (fingerprint !== undefined && fingerprint !== null && typeof fingerprint !== 'string') return drop('"fingerprint" must be a string.');
  if (names !== undefined && !isNameMap(names)) return drop('"names" must map mdev UUIDs to name strings.');
  try {
    const plan = validatePlanValue(rest, WHERE);
    return {
      ok: true,
      plan: { title: plan.title, operations: plan.operations, fingerprint: fingerprint ?? null, names: names ?? {} }
    };
  } catch (e) {
    return drop(e instanceof Error ? e.message : String(e));
  }
}

function isNameMap(v: unknown): v is Record<string, string> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'string');
}
