/**
 * The planner as the renderer calls it. Uses shared/plan's planSelection when
 * it exists (see fallbackPlanner.ts until then); composes edits into one plan
 * by planning each edit on the host state the previous edits leave.
 */
import type { HostState } from '../../../shared/host/hostState';
import type { Operation } from '../../../shared/plan/operations';
import { indexHost, type HostIndex } from '../model/hostIndex';
import { applyOperations } from './applyOps';
import { fallbackPlanSelection } from './fallbackPlanner';
import type { Edit, SelectionPlan, SelectionRequest } from './types';

export function planSelection(ix: HostIndex, req: SelectionRequest): SelectionPlan {
  return fallbackPlanSelection(ix, req);
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
    for (const op of editOperations(e)) (operations.push(op), editOf.push(i));
  });
  return { operations, editOf, after: applyOperations(host, operations) };
}

/** Plans a new edit on the state after the existing ones. */
export function planEdit(after: HostState, afterIndex: HostIndex | null, req: SelectionRequest): Edit {
  const ix = afterIndex ?? indexHost(after);
  return { kind: 'selection', request: req, result: planSelection(ix, req) };
}
