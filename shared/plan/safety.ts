/**
 * AP Matrix's own safety rule, on top of the kernel's answers: never hand a
 * queue assigned to an mdev back to the host. Kernels from 6.0 refuse such a
 * mask write with EBUSY (§2.1 step 4), but 5.x kernels accept it and unbind
 * the queue from under the guest (§2.1, §10), so the kernel's verdict alone is
 * not enough on every era. The rule is checked step by step on the state the
 * earlier steps leave (an unassign before a mask write makes it safe).
 *
 * Uniqueness across mdevs needs no rule of ours: every era refuses a shared
 * usage queue with EADDRINUSE (§6.2, §6.4), and the validator reports that.
 */
import { KernelError } from '../ap/errors';
import { cellIndex } from '../ap/ids';
import { maskHas, maskIds } from '../ap/mask';
import type { HostState } from '../host/hostState';
import { cloneKernelState } from '../kernel/state';
import type { KernelState } from '../kernel/types';
import { hostIndex } from './hostIndex';
import { describeOperation, opPayload, operationError, type Operation, type Plan } from './operations';
import { cellList, describeOwnerLong, guestNames } from './ownerText';
import { replayWrite } from './replayWrite';
import { validatePlan } from './validate';
import type { ValidationResult } from '../api/contract';

export interface SafetyViolation {
  /** 0-based index of the operation */
  step: number;
  mdev: string;
  cells: number[];
  message: string;
}

/** Cells of mdevs that a relative mask write would newly give to the host. */
function cellsReclaimed(s: KernelState, op: Extract<Operation, { kind: 'apmask' | 'aqmask' }>): Map<string, number[]> {
  const current = op.kind === 'apmask' ? s.apmask : s.aqmask;
  const newlySet = [...new Set(op.set)].filter((id) => !maskHas(current, id) && !op.clear.includes(id));
  const hits = new Map<string, number[]>();
  if (!newlySet.length) return hits;
  for (const m of s.mdevs) {
    const adapters = op.kind === 'apmask' ? newlySet.filter((a) => maskHas(m.apm, a)) : maskIds(m.apm).filter((a) => maskHas(s.apmask, a));
    const domains = op.kind === 'aqmask' ? newlySet.filter((d) => maskHas(m.aqm, d)) : maskIds(m.aqm).filter((d) => maskHas(s.aqmask, d));
    const cells: number[] = [];
    for (const a of adapters) for (const d of domains) cells.push(cellIndex(a, d));
    if (cells.length) hits.set(m.uuid, cells);
  }
  return hits;
}

/** Every step of the plan that would give an mdev's queue to the host, on any era. */
export function planSafety(host: HostState, plan: Plan): SafetyViolation[] {
  const state = cloneKernelState(hostIndex(host).kernel);
  const names = guestNames(host);
  const found: SafetyViolation[] = [];
  plan.operations.forEach((op, step) => {
    if (operationError(op)) return; // the validator reports malformed operations
    if (op.kind === 'apmask' || op.kind === 'aqmask') {
      for (const [mdev, cells] of cellsReclaimed(state, op)) {
        found.push({
          step,
          mdev,
          cells,
          message:
            `step ${step + 1} would give ${cellList(cells)} back to the host while ${describeOwnerLong(host, mdev, names)} ` +
            `has them assigned; unassign them from the mdev first (AP Matrix refuses this on every kernel era)`
        });
      }
    }
    try {
      replayWrite(state, op, opPayload(op) + '\n');
    } catch (e) {
      if (!(e instanceof KernelError)) throw e; // a refused write changes nothing; keep checking the rest
    }
  });
  return found;
}

/** validatePlan plus the safety rule: what main answers the UI and the command line. */
export function validateSafely(host: HostState, plan: Plan): ValidationResult {
  return { ...validatePlan(host, plan), unsafe: planSafety(host, plan) };
}

/** One sentence when the plan may neither be applied nor exported, else null. */
export function refusalOf(v: ValidationResult, plan: Plan): string | null {
  if (v.unsafe?.length) {
    const more = v.unsafe.length > 1 ? ` (and ${v.unsafe.length - 1} more such step${v.unsafe.length > 2 ? 's' : ''})` : '';
    return `${v.unsafe[0].message}${more}`;
  }
  if (v.firstFailure >= 0) {
    const i = v.firstFailure;
    return `step ${i + 1} (${describeOperation(plan.operations[i])}) would be refused: ${v.verdicts[i].errno ?? 'error'}: ${v.verdicts[i].message}`;
  }
  return null;
}
