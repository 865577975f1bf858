/**
 * The plan being built: target, edits with undo/redo of the whole plan, the
 * composed operations, the planned host state and its layers, and the
 * kernel's verdict per operation. The planned state and the verdicts are one
 * computation, shared/plan's validation run in the page (plan/planner.ts).
 */
import type { OperationVerdict } from '../../../shared/api/contract';
import { isUuid, maskHas, newUuid } from '../../../shared/ap';
import { operationError, type Operation } from '../../../shared/plan/operations';
import { hostOwns, indexHost, type HostIndex } from '../model/hostIndex';
import { computeLayers, type Layers } from '../model/layers';
import { plural } from '../model/words';
import { reviewClick } from '../plan/clickReview';
import { composeEdits, planSelection, type ComposedPlan } from '../plan/planner';
import { diffLayers } from '../plan/planDiff';
import type { Edit, PlanAction, PlanTarget, SelectionPlan, SelectionRequest } from '../plan/types';
import type { Slice } from './types';

export type Side = 'auto' | 'adapter' | 'domain';

/** A click whose preview is shown and waits for Enter or "Add to plan". */
export interface PendingClick {
  cell: number;
  action: PlanAction;
  reasons: string[];
}

export interface PlanSlice {
  target: PlanTarget;
  planAction: PlanAction;
  side: Side;
  controlFollowsUsage: boolean;
  /** take the cells from this mdev first (a move); only with action add on an mdev */
  moveFrom: string | null;
  /** names the user typed for mdevs, by UUID (the kernel knows mdevs by UUID only) */
  mdevNames: Record<string, string>;
  edits: Edit[];
  undoStack: Edit[][];
  redoStack: Edit[][];
  composed: ComposedPlan | null;
  afterIndex: HostIndex | null;
  afterLayers: Layers | null;
  /** per cell: 0 unchanged, 1 gains an owner, 2 loses it, 3 changes owner */
  planDiff: Uint8Array | null;
  planVersion: number;
  verdicts: OperationVerdict[] | null;
  /** per step, after the host was read again: did its verdict change? */
  verdictChanged: boolean[] | null;
  /** kept for the API of the tests: validation is synchronous now */
  validating: boolean;
  validationError: string | null;
  lastRefusals: string[];
  pendingClick: PendingClick | null;
  setTarget(t: PlanTarget): void;
  newMdevTarget(name?: string, uuid?: string): string | null;
  setMdevName(uuid: string, name: string): void;
  setPlanAction(a: PlanAction): void;
  setSide(s: Side): void;
  setControlFollowsUsage(on: boolean): void;
  setMoveFrom(uuid: string | null): void;
  effectiveTarget(): PlanTarget;
  planFor(cells: number[], action?: PlanAction): SelectionPlan;
  targetHolds(cell: number): boolean;
  toggleCell(cell: number): void;
  commitSelection(action?: PlanAction): void;
  setEdits(edits: Edit[]): void;
  /** the host was read again: keep the plan, judge it on the new state, mark changed verdicts */
  revalidatePlan(): void;
  undo(): void;
  redo(): void;
  resetPlan(): void;
  loadRawPlan(title: string, operations: Operation[]): void;
  planTitle(): string;
}

/** Assign for an mdev, "Free for guests" for the host masks: what a new target is usually picked for. */
export function defaultAction(t: PlanTarget): PlanAction {
  return t.kind === 'host' ? 'remove' : 'add';
}

const uuids = (ix: HostIndex | null) => (ix ? ix.mdevs.map((m) => m.info.uuid) : []);

export const createPlanSlice: Slice<PlanSlice> = (set, get) => {
  function recompute(edits: Edit[]): void {
    const { host, layers } = get();
    if (!host || !layers) return;
    const composed = composeEdits(host, edits, get().planTitle());
    const afterIndex = edits.length ? indexHost(composed.after, get().mdevNames) : get().hostIndex;
    const afterLayers = edits.length && afterIndex ? computeLayers(afterIndex) : layers;
    const planDiff = edits.length && afterIndex ? diffLayers(layers, afterLayers, uuids(get().hostIndex), uuids(afterIndex)) : null;
    const verdicts = composed.operations.length ? composed.verdicts : null;
    set({
      edits,
      composed,
      afterIndex,
      afterLayers,
      planDiff,
      planVersion: get().planVersion + 1,
      verdicts,
      verdictChanged: null,
      validating: false,
      validationError: null
    });
    get().recomputeAxes();
    get().refreshPreview();
  }

  function pushEdit(e: Edit): void {
    if (e.kind === 'selection' && e.result.operations.length === 0) {
      set({ lastRefusals: e.result.refusals.length ? e.result.refusals : ['Nothing to do: the target already is that way.'] });
      return;
    }
    set({ lastRefusals: e.kind === 'selection' ? e.result.refusals : [] });
    get().setEdits([...get().edits, e]);
  }

  function request(cells: number[], action: PlanAction, withMove: boolean): SelectionRequest {
    const { side, controlFollowsUsage, moveFrom } = get();
    return {
      target: get().effectiveTarget(),
      action,
      cells,
      side: side === 'auto' ? undefined : side,
      controlFollowsUsage,
      moveFrom: withMove ? (moveFrom ?? undefined) : undefined
    };
  }

  return {
    target: { kind: 'host' },
    planAction: 'remove',
    side: 'auto',
    controlFollowsUsage: true,
    moveFrom: null,
    mdevNames: {},
    edits: [],
    undoStack: [],
    redoStack: [],
    composed: null,
    afterIndex: null,
    afterLayers: null,
    planDiff: null,
    planVersion: 0,
    verdicts: null,
    verdictChanged: null,
    validating: false,
    validationError: null,
    lastRefusals: [],
    pendingClick: null,

    setTarget(target) {
      const prev = get().target;
      const same =
        prev.kind === target.kind && (prev.kind === 'host' || (prev as { uuid: string }).uuid === (target as { uuid: string }).uuid);
      if (!same) set({ planAction: defaultAction(target), moveFrom: null, pendingClick: null });
      set({ target, lastRefusals: [] });
      get().refreshPreview();
    },
    newMdevTarget(name, uuid) {
      const id = (uuid ?? newUuid()).trim().toLowerCase();
      if (!isUuid(id)) {
        set({ lastRefusals: [`"${uuid}" is not a UUID (8-4-4-4-12 hex digits); the kernel names mdevs by UUID.`] });
        return null;
      }
      if (get().afterIndex?.mdevByUuid.has(id)) {
        set({ lastRefusals: [`An mdev ${id} already exists; a new mdev needs a fresh UUID.`] });
        return null;
      }
      if (name?.trim()) set({ mdevNames: { ...get().mdevNames, [id]: name.trim() } });
      get().setTarget({ kind: 'new-mdev', uuid: id });
      return id;
    },
    setMdevName(uuid, name) {
      const mdevNames = { ...get().mdevNames };
      if (name.trim()) mdevNames[uuid] = name.trim();
      else delete mdevNames[uuid];
      set({ mdevNames });
      const { host, edits } = get();
      if (host) set({ hostIndex: indexHost(host, mdevNames) });
      recompute(edits);
    },
    setPlanAction(planAction) {
      set({ planAction, pendingClick: null });
      get().refreshPreview();
    },
    setSide(side) {
      set({ side });
      get().refreshPreview();
    },
    setControlFollowsUsage(controlFollowsUsage) {
      set({ controlFollowsUsage });
      get().refreshPreview();
    },
    setMoveFrom(moveFrom) {
      set({ moveFrom });
      get().refreshPreview();
    },

    effectiveTarget() {
      const t = get().target;
      if (t.kind === 'new-mdev' && get().afterIndex?.mdevByUuid.has(t.uuid)) return { kind: 'mdev', uuid: t.uuid };
      return t;
    },

    planFor(cells, action) {
      const ix = get().afterIndex;
      const empty: SelectionPlan = { operations: [], preview: { gained: [], lost: [], draggedIn: [] }, refusals: [] };
      if (!ix) return empty;
      const target = get().effectiveTarget();
      const act = action ?? get().pendingClick?.action ?? get().planAction;
      const moveFrom = get().moveFrom;
      const move = moveFrom && act === 'add' && target.kind !== 'host' && (target.kind === 'new-mdev' || target.uuid !== moveFrom);
      return planSelection(ix, request(cells, act, !!move));
    },

    targetHolds(cell) {
      const ix = get().afterIndex;
      const t = get().effectiveTarget();
      if (!ix) return false;
      const a = cell >> 8;
      const d = cell & 255;
      if (t.kind === 'host') return hostOwns(ix, a, d);
      if (t.kind === 'new-mdev') return false;
      const m = ix.mdevByUuid.get(t.uuid);
      return !!m && maskHas(m.apm, a) && maskHas(m.aqm, d);
    },

    toggleCell(cell) {
      const ix = get().afterIndex;
      const action: PlanAction = get().targetHolds(cell) ? 'remove' : 'add';
      const result = get().planFor([cell], action);
      const target = get().effectiveTarget();
      const review =
        ix && result.operations.length
          ? reviewClick(ix, get().layers, cell, result, target.kind === 'host' ? 'host' : target.uuid)
          : { reasons: [] };
      if (review.reasons.length) {
        // show what the click would do and wait for Enter or "Add to plan"
        get().selectCells([cell], 'replace');
        set({ pendingClick: { cell, action, reasons: review.reasons } });
        get().refreshPreview();
        return;
      }
      set({ pendingClick: null });
      pushEdit({ kind: 'selection', request: request([cell], action, false), result });
    },

    commitSelection(action) {
      const cells = get().previewCells;
      if (!cells.length) return;
      const act = action ?? get().pendingClick?.action ?? get().planAction;
      const withMove = !get().pendingClick;
      const result = get().planFor(cells, act);
      set({ pendingClick: null });
      pushEdit({ kind: 'selection', request: request(cells, act, withMove), result });
      get().clearSelection();
    },

    setEdits(edits) {
      const first = get().edits.length === 0 && edits.length > 0;
      set({ undoStack: [...get().undoStack, get().edits], redoStack: [] });
      if (first && get().tab !== 'export') get().setTab('plan');
      recompute(edits);
    },
    revalidatePlan() {
      const before = get().verdicts;
      const t = get().target;
      recompute(get().edits);
      const after = get().verdicts;
      if (before && after) {
        const changed = after.map((v, i) => (before[i]?.errno ?? null) !== v.errno);
        set({ verdictChanged: changed.some(Boolean) ? changed : null });
      }
      // a target that the new state no longer has falls back to the host masks
      if (t.kind === 'mdev' && !get().afterIndex?.mdevByUuid.has(t.uuid)) get().setTarget({ kind: 'host' });
    },
    undo() {
      const u = get().undoStack;
      if (!u.length) return;
      set({ undoStack: u.slice(0, -1), redoStack: [...get().redoStack, get().edits], lastRefusals: [] });
      recompute(u[u.length - 1]);
    },
    redo() {
      const r = get().redoStack;
      if (!r.length) return;
      set({ redoStack: r.slice(0, -1), undoStack: [...get().undoStack, get().edits], lastRefusals: [] });
      recompute(r[r.length - 1]);
    },
    resetPlan() {
      set({ undoStack: [], redoStack: [], lastRefusals: [], pendingClick: null, hostChangeNote: null });
      const t = get().target;
      if (t.kind === 'mdev' && !get().hostIndex?.mdevByUuid.has(t.uuid)) get().setTarget({ kind: 'host' });
      recompute([]);
    },
    loadRawPlan(title, operations) {
      // a plan from outside (a file, a rollback) is loaded only when every operation is well formed
      const bad = operations.map((op, i) => ({ i, why: operationError(op) })).find((x) => x.why !== null);
      if (bad) {
        const text = JSON.stringify(operations[bad.i]) ?? String(operations[bad.i]);
        const shown = text.length > 120 ? `${text.slice(0, 119)}…` : text;
        set({ lastRefusals: [`Plan ${JSON.stringify(title)} not loaded: operation ${bad.i + 1} (${shown}) is not valid: ${bad.why}.`] });
        return;
      }
      get().setEdits([{ kind: 'raw', title, operations }]);
    },
    planTitle() {
      const n = get().composed?.operations.length ?? 0;
      const src = get().host?.source ?? 'host';
      return `${plural(n, 'operation')} for ${src}`;
    }
  };
};
