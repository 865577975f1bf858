/**
 * The planner as the renderer calls it. Uses shared/plan's planSelection when
 * it exists (see fallbackPlanner.ts until then); composes edits into one plan
 * by planning each edit on the host state the previous edits leave.
 */
import type { HostState } from '../../../shared/host/hostState';
import type { Operation } from '../../../shared/plan/operations';
import { indexHost, type HostIndex } from '../model/hostIndex';
import { applyOperations } from './applyOps';
import { planSelection as sharedPlanSelection } from '../../../shared/plan/planner';
import type { Edit, SelectionPlan, SelectionRequest } from './types';

/** shared/plan's planner on the (planned) host state, mapped to the renderer's shape. */
export function planSelection(ix: HostIndex, req: SelectionRequest): SelectionPlan {
  const r = sharedPlanSelection(ix.host, { ...req, side: req.side ?? 'auto' });
  const others = r.preview.owners.filter((o) => o.from !== r.target && o.to !== r.target).map((o) => o.cell);
  return { operations: r.operations, preview: { gained: r.preview.gained, lost: r.preview.lost, draggedIn: r.preview.draggedIn, others }, refusals: r.refusals, title: r.title };
}

export function editOperations(e: Edit): Operation[] {
  return e.kind === 'raw' ? e.operations : e.result.operations;
}

export interface ComposedPlan {
  operations: Operation[];
  /** operation index -> edit index */
  editOf: number[];
  after: HostState;
}

export function composeEdits(host: HostState, edits: Edit[]): ComposedPlan {
  const operations: Operation[] = [];
  const editOf: number[] = [];
  edits.forEach((e, i) => {
    for (const op of editOperations(e)) {
      operations.push(op);
      editOf.push(i);
    }
  });
  return { operations, editOf, after: applyOperations(host, operations) };
}

/** Plans a new edit on the state after the existing ones. */
export function planEdit(after: HostState, afterIndex: HostIndex | null, req: SelectionRequest): Edit {
  const ix = afterIndex ?? indexHost(after);
  return { kind: 'selection', request: req, result: planSelection(ix, req) };
}
