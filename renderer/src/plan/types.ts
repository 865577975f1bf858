/**
 * The planner's request and result as the renderer uses them; planner.ts maps
 * shared/plan's planSelection onto them.
 */
import type { Operation } from '../../../shared/plan/operations';
import type { OwnerChange } from '../../../shared/plan/planTypes';

export type PlanTarget =
  | { kind: 'mdev'; uuid: string }
  /** a fresh mdev that the first edit creates */
  | { kind: 'new-mdev'; uuid: string }
  | { kind: 'host' };

/** add: give the cells to the target; remove: take them away (host: free for guests) */
export type PlanAction = 'add' | 'remove';

export interface SelectionRequest {
  target: PlanTarget;
  action: PlanAction;
  cells: number[];
  side?: 'adapter' | 'domain';
  controlFollowsUsage?: boolean;
  moveFrom?: string;
}

export interface SelectionPreview {
  /** queues the target gains */
  gained: number[];
  /** queues the target loses */
  lost: number[];
  /** gained queues that were not selected: the cartesian product brought them */
  draggedIn: number[];
  /** cells that change owner without the target being either side (e.g. host queues freed on the way) */
  others?: number[];
  /** every owner change, target or not */
  owners?: OwnerChange[];
}

export interface SelectionPlan {
  operations: Operation[];
  preview: SelectionPreview;
  refusals: string[];
  /** in words, for the plan list */
  title?: string;
}

/** One step of the plan the user is building; undo/redo work on lists of these. */
export type Edit =
  | { kind: 'selection'; request: SelectionRequest; result: SelectionPlan }
  /** operations from elsewhere, e.g. a rollback plan */
  | { kind: 'raw'; title: string; operations: Operation[] };
