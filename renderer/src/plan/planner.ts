/**
 * The planner as the renderer calls it: shared/plan's planSelection on the
 * planned host state, and the composition of edits into one plan whose
 * effect is the one model of it, shared/plan's validation (validateSafely):
 * the grid shows exactly the state validation and export predict, and the
 * verdicts come with it, computed in the page where the state already is.
 */
import type { OperationVerdict, ValidationResult } from '../../../shared/api/contract';
import type { HostState } from '../../../shared/host/hostState';
import type { Operation } from '../../../shared/plan/operations';
import { planSelection as sharedPlanSelection } from '../../../shared/plan/planner';
import { validateSafely } from '../../../shared/plan/safety';
import type { HostIndex } from '../model/hostIndex';
import type { Edit, SelectionPlan, SelectionRequest } from './types';

/** shared/plan's planner on the (planned) host state, mapped to the renderer's shape. */
export function planSelection(ix: HostIndex, req: SelectionRequest): SelectionPlan {
  const r = sharedPlanSelection(ix.host, { ...req, side: req.side ?? 'auto' });
  const others = r.preview.owners.filter((o) => o.from !== r.target && o.to !== r.target).map((o) => o.cell);
  return {
    operations: r.operations,
    preview: { gained: r.preview.gained, lost: r.preview.lost, draggedIn: r.preview.draggedIn, others, owners: r.preview.owners },
    refusals: r.refusals,
    title: r.title
  };
}

export function editOperations(e: Edit): Operation[] {
  return e.kind === 'raw' ? e.operations : e.result.operations;
}

export interface ComposedPlan {
  operations: Operation[];
  /** operation index -> edit index */
  editOf: number[];
  /** validation's prediction of the host after the plan (the read host when the plan is empty) */
  after: HostState;
  /** the kernel model's verdict per operation, the safety rule's refusals shown as UNSAFE */
  verdicts: OperationVerdict[];
}

/** Steps the safety rule refuses (shared/plan/safety) show as UNSAFE verdicts. */
export function withSafety(res: ValidationResult): OperationVerdict[] {
  const verdicts = res.verdicts.slice();
  for (const u of res.unsafe ?? []) verdicts[u.step] = { errno: 'UNSAFE', message: u.message };
  return verdicts;
}

export function composeEdits(host: HostState, edits: Edit[], title = 'AP Matrix plan'): ComposedPlan {
  const operations: Operation[] = [];
  const editOf: number[] = [];
  edits.forEach((e, i) => {
    for (const op of editOperations(e)) {
      operations.push(op);
      editOf.push(i);
    }
  });
  if (!operations.length) return { operations, editOf, after: host, verdicts: [] };
  const v = validateSafely(host, { title, operations });
  return { operations, editOf, after: v.after, verdicts: withSafety(v) };
}
