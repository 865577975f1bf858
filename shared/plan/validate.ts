/**
 * Validation: replay a plan on a kernel model built from the host's state, in
 * the host's era, exactly as the exported script would write it (payload plus
 * the newline echo adds), through the model's own write handlers (replayWrite). The script stops at the first failure, so the replay
 * does too: later operations are marked NOTRUN.
 *
 * Speed (issue 3: 200 operations on `full` under 20 ms): the kernel model works
 * on masks, the difference is computed from owner maps built from masks, and
 * the resulting HostState patches the input snapshot (predictHost) instead of
 * re-reading 65,536 queues.
 */
import type { OperationVerdict, ValidationResult } from '../api/contract';
import type { HostState } from '../host/hostState';
import { cloneKernelState } from '../kernel/state';
import type { KernelState } from '../kernel/types';
import { hostIndex } from './hostIndex';
import { ownerMap, type MatrixModel, type OwnerMap } from './matrixModel';
import { opPayload, operationError, type Plan } from './operations';
import { replayWrite } from './replayWrite';
import { guestNames } from './ownerText';
import { predictHost } from './predictHost';
import { explainFailure } from './validateMessages';

export const NOT_RUN = 'NOTRUN';

export function validatePlan(host: HostState, plan: Plan): ValidationResult {
  // kernelStateFromHost once per snapshot (hostIndex), a cheap mask copy per validation
  return validateOnState(host, cloneKernelState(hostIndex(host).kernel), plan);
}

/** A matrix model that shares the kernel state's masks (read-only use). */
export function modelFromKernel(s: KernelState): MatrixModel {
  return {
    era: s.era,
    maxAdapter: s.maxAdapter,
    maxDomain: s.maxDomain,
    apmask: s.apmask,
    aqmask: s.aqmask,
    mdevs: s.mdevs.map((m) => ({ uuid: m.uuid, apm: m.apm, aqm: m.aqm, adm: m.adm }))
  };
}

/** Replays on `state` (mutated: it becomes the state after the plan). */
export function validateOnState(host: HostState, state: KernelState, plan: Plan): ValidationResult {
  const names = guestNames(host);
  const verdicts: OperationVerdict[] = [];
  let firstFailure = -1;
  for (let i = 0; i < plan.operations.length; i++) {
    const op = plan.operations[i];
    if (firstFailure >= 0) {
      verdicts.push({ errno: NOT_RUN, message: `not run: the script stops at step ${firstFailure + 1}, which fails` });
      continue;
    }
    const bad = operationError(op);
    if (bad) {
      firstFailure = i;
      verdicts.push({ errno: 'EINVAL', message: `malformed operation: ${bad}` });
      continue;
    }
    try {
      replayWrite(state, op, opPayload(op) + '\n');
      verdicts.push({ errno: null, message: 'fine' });
    } catch (err) {
      firstFailure = i;
      const errno = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'EIO';
      verdicts.push({ errno, message: explainFailure(host, names, modelFromKernel(state), op, err, state) });
    }
  }
  const before = hostIndex(host).owners;
  const after = ownerMap(modelFromKernel(state));
  return { verdicts, firstFailure, after: predictHost(host, state, after), changes: ownerChanges(before, after) };
}

/** Cells that change owner, grouped per owner ('host' or uuid); the pool ('free') is left out. */
export function ownerChanges(before: OwnerMap, after: OwnerMap): ValidationResult['changes'] {
  const byOwner = new Map<string, { owner: string; gained: number[]; lost: number[] }>();
  const entry = (owner: string) => {
    let e = byOwner.get(owner);
    if (!e) byOwner.set(owner, (e = { owner, gained: [], lost: [] }));
    return e;
  };
  const name = (m: OwnerMap, code: number): string => (code === 0 ? 'free' : code === 1 ? 'host' : m.uuids[code - 2]);
  for (let c = 0; c < 65536; c++) {
    const b = before.owner[c];
    const a = after.owner[c];
    if (a === b && a < 2) continue;
    const from = name(before, b);
    const to = name(after, a);
    if (from === to) continue;
    if (from !== 'free') entry(from).lost.push(c);
    if (to !== 'free') entry(to).gained.push(c);
  }
  return [...byOwner.values()];
}
