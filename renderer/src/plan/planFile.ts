/**
 * Plan files: the JSON the command line reads (`apmatrix plan validate FILE`):
 * `{title, operations, fingerprint}`, the fingerprint pinning the host state
 * the plan was made on (apply refuses when the host changed since).
 */
import { PayloadError, validatePlanValue } from '../../../shared/api/validators';
import type { Operation } from '../../../shared/plan/operations';

export interface PlanFile {
  title: string;
  operations: Operation[];
  /** the host fingerprint the plan was made on, when known */
  fingerprint: string | null;
}

export function planFileText(p: PlanFile): string {
  return JSON.stringify({ title: p.title, fingerprint: p.fingerprint ?? undefined, operations: p.operations }, null, 2) + '\n';
}

/** Parses a plan file; errors are sentences naming the file. */
export function parsePlanFile(text: string, name: string): { ok: true; plan: PlanFile } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${name} is not JSON: ${(e as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, message: `${name} is not a plan: expected an object {title, operations}.` };
  const { fingerprint, ...rest } = value as Record<string, unknown>;
  if (fingerprint !== undefined && typeof fingerprint !== 'string')
    return { ok: false, message: `${name}: "fingerprint" must be a string.` };
  try {
    const plan = validatePlanValue(rest, name);
    return { ok: true, plan: { title: plan.title, operations: plan.operations, fingerprint: (fingerprint as string | undefined) ?? null } };
  } catch (e) {
    return { ok: false, message: e instanceof PayloadError || e instanceof Error ? e.message : String(e) };
  }
}

/** A file name for a plan of this host: apmatrix-plan-demo-default.json */
export function planFileName(source: string): string {
  return `apmatrix-plan-${source.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'host'}.json`;
}
