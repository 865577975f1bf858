/**
 * Export only what the kernel would accept: the one gate every export passes
 * (CLI `plan export`, the router's exportPlan that the app's export panel
 * calls). A plan whose validation refuses a step, or that breaks the safety
 * rule, is not exported in any format: a script or an mdevctl definition of
 * a plan the kernel refuses would run (or auto-start) something validation
 * never said, such as one queue in two mdevs.
 */
import type { ValidationResult } from '../api/contract';
import type { HostState } from '../host/hostState';
import type { Plan } from './operations';
import { persistRefusal } from './persistSafety';
import { refusalOf, validateSafely } from './safety';

export interface ExportGate {
  /** validation with the safety rule, as `plan validate` computes it */
  validation: ValidationResult;
  /** the one-line reason `plan validate` and apply give, or null when the plan may be exported */
  refusal: string | null;
}

/**
 * What may be written: validation with the safety rule, then (when the
 * persistent part is written too) the next boot it leaves. Shared by every
 * export and by apply, which skips the next-boot check for `--persist active`.
 */
export function planGate(host: HostState, plan: Plan, writesPersistent: boolean): ExportGate {
  const validation = validateSafely(host, plan);
  const refusal = refusalOf(validation, plan) ?? (writesPersistent ? persistRefusal(host, plan) : null);
  return { validation, refusal };
}

export function exportGate(host: HostState, plan: Plan): ExportGate {
  // a script's default mode writes the persistent part too (where /etc is writable): it must not break the next boot
  return planGate(host, plan, true);
}

/** The error text of a refused export: `not exported: step 4 (…) would be refused: …`. */
export function notExportedText(refusal: string): string {
  return `not exported: ${refusal}`;
}
