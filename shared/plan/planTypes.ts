/**
 * What the UI asks the planner for, and what it gets back.
 */
import type { Operation } from './operations';

/** new-mdev without a uuid gets a fresh one (newUuid) on every call: pass one to keep it stable while previewing */
export type PlanTarget = { kind: 'mdev'; uuid: string } | { kind: 'new-mdev'; uuid?: string } | { kind: 'host' };

export interface PlanRequest {
  target: PlanTarget;
  action: 'add' | 'remove';
  /** selected cells, adapter * 256 + domain */
  cells: number[];
  /** which ids to unassign when removing from an mdev; auto = the side that loses fewer other queues */
  side?: 'adapter' | 'domain' | 'auto';
  /** assign (unassign) the control domain with each usage domain; default true (IBM advice) */
  controlFollowsUsage?: boolean;
  /** take the cells from this mdev first (unassign before assign) */
  moveFrom?: string;
}

/** 'host', 'free' (the vfio_ap pool, unassigned) or an mdev uuid */
export type CellOwner = string;

export interface OwnerChange {
  cell: number;
  from: CellOwner;
  to: CellOwner;
}

export interface PlanPreview {
  /** cells the target gains */
  gained: number[];
  /** cells the target loses */
  lost: number[];
  /** gained cells that were not selected: the cartesian product brings them along */
  draggedIn: number[];
  /** every cell whose owner changes, target or not (e.g. host queues freed on the way) */
  owners: OwnerChange[];
}

export interface PlannedChange {
  /** in words, for the plan list and undo */
  title: string;
  /** the uuid the change is about (the fresh one for a new mdev), or 'host' */
  target: string;
  /** empty when refusals is not empty */
  operations: Operation[];
  /** what the change does (or would do, when refused) */
  preview: PlanPreview;
  /** sentences, one per reason the change cannot be made */
  refusals: string[];
}
