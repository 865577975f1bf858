/**
 * planSelection: from a target, an action and selected cells to the minimal
 * ordered operations, with a preview of every queue that changes owner and the
 * reasons a change is refused.
 *
 * Order (§9.1): create the mdev first; take cells from the old mdev (moveFrom)
 * before giving them to the new one; free host bits before assigning.
 *
 * The renderer calls this on every drag frame: what depends on the snapshot
 * alone is cached per host object and only changed lines are compared
 * (ownerDelta.ts; bench/planPreview.bench.ts checks the results are unchanged).
 */
import { isUuid, newUuid } from '../ap/ids';
import type { HostState } from '../host/hostState';
import { cloneModel, findMdev, ownerMap, ownerName, type MatrixModel, type OwnerMap } from './matrixModel';
import { hostBefore, ownerDelta, type OwnerDelta } from './ownerDelta';
import type { Plan } from './operations';
import { cellList } from './ownerText';
import { emit, newContext, owner, refuse, type PlanContext } from './planContext';
import { planHostAdd, planHostRemove } from './planHost';
import { planMdevAdd, planMdevRemove } from './planMdev';
import type { OwnerChange, PlannedChange, PlanPreview, PlanRequest } from './planTypes';

export function planSelection(host: HostState, request: PlanRequest): PlannedChange {
  // the snapshot's model and owners are built once per host object (ownerDelta.ts)
  const { model: before, owners: beforeOwners } = hostBefore(host);
  const ctx = newContext(host, cloneModel(before), request.controlFollowsUsage ?? true);
  const cells = [...new Set(request.cells)].sort((a, b) => a - b);
  const side = request.side ?? 'auto';
  let target: string;

  if (request.target.kind === 'host') target = 'host';
  else if (request.target.kind === 'mdev') target = request.target.uuid;
  else target = request.target.uuid ?? newUuid();

  if (request.target.kind === 'new-mdev') planCreate(ctx, target, request.action);
  if (request.moveFrom && ctx.refusals.length === 0) {
    if (request.moveFrom === target) refuse(ctx, `cannot move queues from ${owner(ctx, target)} to itself.`);
    else if (request.action !== 'add') refuse(ctx, 'moving queues needs the action "add" on the new owner.');
    else planMdevRemove(ctx, request.moveFrom, cells, side);
  }
  if (ctx.refusals.length === 0) {
    if (target === 'host') {
      if (request.action === 'add') planHostAdd(ctx, cells);
      else planHostRemove(ctx, cells, side);
    } else if (request.action === 'add') planMdevAdd(ctx, target, cells);
    else planMdevRemove(ctx, target, cells, side);
  }
  const delta = ownerDelta(before, beforeOwners, ctx.model);
  checkNoNewConflicts(ctx, before, delta);

  const preview = delta ? previewOfDelta(beforeOwners, delta, target, cells) : previewOf(before, ctx.model, target, cells);
  return {
    title: titleOf(ctx, request, target, cells),
    target,
    operations: ctx.refusals.length ? [] : ctx.ops,
    preview,
    refusals: ctx.refusals
  };
}

function planCreate(ctx: PlanContext, uuid: string, action: 'add' | 'remove'): void {
  if (!isUuid(uuid)) return refuse(ctx, `${JSON.stringify(uuid)} is not a lowercase UUID; the kernel names mdevs by lowercase UUID.`);
  if (action !== 'add') return refuse(ctx, 'a new mdev has no queues to remove.');
  // §5.3: a UUID already used by any mdev gives EEXIST
  if (findMdev(ctx.model, uuid))
    return refuse(ctx, `${owner(ctx, uuid)} already exists; a new mdev needs a fresh UUID (the kernel would answer EEXIST).`);
  emit(ctx, { kind: 'create-mdev', uuid });
}

/**
 * The safety net: whatever the planners chose, a plan must never give one queue
 * to two owners (§9.2) or give the host a queue an mdev holds (§2.1).
 */
function checkNoNewConflicts(ctx: PlanContext, before: MatrixModel, delta: OwnerDelta | null): void {
  if (ctx.refusals.length) return;
  const bad: number[] = [];
  if (delta) {
    // only the changed lines can hold a new conflict; delta.cells is ascending like the full scan
    const b = hostBefore(ctx.host).owners;
    const a = delta.after;
    for (const c of delta.cells) if (a.claims[c] > 1 && a.claims[c] > b.claims[c]) bad.push(c);
  } else {
    const b = ownerMap(before);
    const a = ownerMap(ctx.model);
    for (let c = 0; c < a.claims.length; c++) if (a.claims[c] > 1 && a.claims[c] > b.claims[c]) bad.push(c);
  }
  if (bad.length) refuse(ctx, `the change would give ${cellList(bad)} to two owners at once, so it is refused.`);
}

export function previewOf(before: MatrixModel, after: MatrixModel, target: string, selected: number[]): PlanPreview {
  return previewOver(ownerMap(before), ownerMap(after), null, target, selected);
}

/** previewOf over the cells that may have changed only (same result: the others keep owner and name). */
function previewOfDelta(b: OwnerMap, delta: OwnerDelta, target: string, selected: number[]): PlanPreview {
  return previewOver(b, delta.after, delta.cells, target, selected);
}

/** Owner changes from b to a over `cells` (ascending), or over every cell when null. */
function previewOver(b: OwnerMap, a: OwnerMap, cells: ArrayLike<number> | null, target: string, selected: number[]): PlanPreview {
  const owners: OwnerChange[] = [];
  const gained: number[] = [];
  const lost: number[] = [];
  const n = cells ? cells.length : a.owner.length;
  for (let i = 0; i < n; i++) {
    const c = cells ? cells[i] : i;
    // compare by name: mdev indices shift when an mdev is created or removed
    if (a.owner[c] === b.owner[c] && a.owner[c] < 2) continue;
    const from = ownerName(b, c);
    const to = ownerName(a, c);
    if (from === to) continue;
    owners.push({ cell: c, from, to });
    if (to === target) gained.push(c);
    if (from === target) lost.push(c);
  }
  const sel = new Set(selected);
  return { gained, lost, draggedIn: gained.filter((c) => !sel.has(c)), owners };
}

function titleOf(ctx: PlanContext, r: PlanRequest, target: string, cells: number[]): string {
  const what = cellList(cells, 3) || 'no queues';
  const who = target === 'host' ? 'the host' : owner(ctx, target);
  if (r.moveFrom) return `move ${what} from ${owner(ctx, r.moveFrom)} to ${who}`;
  if (target === 'host') return r.action === 'add' ? `give ${what} back to the host` : `free ${what} from the host`;
  const fresh = r.target.kind === 'new-mdev' ? 'new ' : '';
  return r.action === 'add' ? `add ${what} to ${fresh}${who}` : `remove ${what} from ${who}`;
}

/** A plan the UI grows one change at a time; `edits` remembers the boundaries for undo. */
export interface EditedPlan extends Plan {
  edits: Array<{ title: string; count: number }>;
}

export function emptyPlan(title = 'AP Matrix plan'): EditedPlan {
  return { title, operations: [], edits: [] };
}

/** The edit boundaries of a plan; a plain Plan counts as one edit. */
function editsOf(plan: Plan): EditedPlan['edits'] {
  const edits = (plan as Partial<EditedPlan>).edits;
  if (Array.isArray(edits)) return edits;
  return plan.operations.length ? [{ title: plan.title, count: plan.operations.length }] : [];
}

/** Appends a planned change (refused changes append nothing). Returns a new plan. */
export function appendToPlan(plan: Plan, change: PlannedChange): EditedPlan {
  const edits = editsOf(plan);
  if (change.refusals.length || change.operations.length === 0) return { ...plan, edits };
  return {
    ...plan,
    operations: [...plan.operations, ...change.operations],
    edits: [...edits, { title: change.title, count: change.operations.length }]
  };
}

/** Drops the last appended change. */
export function undoLastEdit(plan: EditedPlan): EditedPlan {
  if (!plan.edits.length) return plan;
  const last = plan.edits[plan.edits.length - 1];
  return { ...plan, operations: plan.operations.slice(0, plan.operations.length - last.count), edits: plan.edits.slice(0, -1) };
}

/** One plan that runs the given plans one after another. */
export function composePlans(...plans: Plan[]): EditedPlan {
  const out = emptyPlan(plans.map((p) => p.title).join('; ') || 'AP Matrix plan');
  for (const p of plans) {
    out.operations.push(...p.operations);
    out.edits.push(...editsOf(p));
  }
  return out;
}
