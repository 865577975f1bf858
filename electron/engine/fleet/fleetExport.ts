/**
 * `apmatrix fleet export FILE --format ansible HOSTS`: one playbook for the
 * same change on a group of hosts. Each host is read, the plan validated on
 * it and, when the plan file pins fingerprints (`"fingerprints": {"kvm1":
 * "..."}`), checked against its pin; the playbook holds one script per host,
 * each with that host's own preflight. Any host that cannot take the plan
 * stops the export with its reason: nothing half-made is written.
 */
import { readFile } from 'node:fs/promises';
import { PayloadError, validatePlanValue } from '../../../shared/api/validators';
import { exportAnsiblePlaybook, type AnsibleHostPlan } from '../../../shared/export/ansible';
import type { FleetEntry } from '../../../shared/fleet/types';
import type { Plan } from '../../../shared/plan/operations';
import { exportGate } from '../../../shared/plan/exportGate';

export interface FleetPlan {
  plan: Plan;
  /** host name -> fingerprint the plan was made on; null: not pinned */
  fingerprints: Record<string, string> | null;
}

export class FleetExportError extends Error {
  override name = 'FleetExportError';
}

export async function readFleetPlan(file: string): Promise<FleetPlan> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new FleetExportError(`cannot read the plan ${file}: ${(e as Error).message}`);
  }
  const { fingerprints, fingerprint: _single, ...rest } = (json ?? {}) as Record<string, unknown>;
  if (fingerprints !== undefined) {
    const ok = typeof fingerprints === 'object' && fingerprints !== null && Object.values(fingerprints).every((v) => typeof v === 'string');
    if (!ok) throw new FleetExportError(`${file}: fingerprints must map host names to fingerprint strings`);
  }
  try {
    return { plan: validatePlanValue(rest, file), fingerprints: (fingerprints as Record<string, string> | undefined) ?? null };
  } catch (e) {
    if (e instanceof PayloadError) throw new FleetExportError(`${file}: ${e.field} ${e.rule}`);
    throw e;
  }
}

/** The per-host plans, or every reason a host cannot take the plan. */
export function fleetHostPlans(fp: FleetPlan, entries: FleetEntry[]): AnsibleHostPlan[] {
  const problems: string[] = [];
  const out: AnsibleHostPlan[] = [];
  for (const e of entries) {
    if (!e.host) {
      problems.push(`${e.name}: not read: ${e.error?.message ?? 'unknown reason'}`);
      continue;
    }
    const pin = fp.fingerprints ? fp.fingerprints[e.name] : undefined;
    if (fp.fingerprints && pin === undefined) problems.push(`${e.name}: the plan pins no fingerprint for this host`);
    else if (pin !== undefined && pin !== e.host.fingerprint)
      problems.push(`${e.name}: changed since the plan was made (fingerprint ${e.host.fingerprint}, the plan was made on ${pin})`);
    // the one export gate: the safety rule, the kernel's refusals and the next boot (persistSafety.ts)
    const { validation, refusal } = exportGate(e.host, fp.plan);
    if (refusal) problems.push(`${e.name}: ${refusal}`);
    else out.push({ key: e.name, host: e.host, after: validation.after });
  }
  if (problems.length) throw new FleetExportError(`not exported: ${problems.join('; ')}`);
  return out;
}

export function fleetPlaybook(fp: FleetPlan, entries: FleetEntry[]): string {
  return exportAnsiblePlaybook(fp.plan, fleetHostPlans(fp, entries));
}
