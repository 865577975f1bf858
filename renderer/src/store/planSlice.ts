/**
 * The plan being built: target, edits with undo/redo of the whole plan, the
 * composed operations, the planned host state and its layers, and the
 * kernel's verdict per operation (validatePlan through the API, debounced).
 */
import type { OperationVerdict, ValidationResult } from '../../../shared/api/contract';
import { maskHas, newUuid } from '../../../shared/ap';
import { operationError, type Operation } from '../../../shared/plan/operations';
import { getApi } from '../api/getApi';
import { soonAfterThisEdit } from '../api/hostCodecApi';
import { hostOwns, indexHost, type HostIndex } from '../model/hostIndex';
import { computeLayers, type Layers } from '../model/layers';
import { composeEdits, planSelection, type ComposedPlan } from '../plan/planner';
import { diffLayers } from '../plan/planDiff';
import type { Edit, PlanAction, PlanTarget, SelectionPlan } from '../plan/types';
import { errorText } from './sessionSlice';
import type { Slice } from './types';

/** Steps the safety rule refuses (main: shared/plan/safety) show as UNSAFE verdicts. */
function withSafety(res: ValidationResult): OperationVerdict[] {
  const verdicts = res.verdicts.slice();
  for (const u of res.unsafe ?? []) verdicts[u.step] = { errno: 'UNSAFE', message: u.message };
  return verdicts;
}

export type Side = 'auto' | 'adapter' | 'domain';

export interface PlanSlice {
  target: PlanTarget;
  planAction: PlanAction;
  side: Side;
  controlFollowsUsage: boolean;
  /** take the cells from this mdev first (a move); only with action add on an mdev */
  moveFrom: string | null;
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
  validating: boolean;
  validationError: string | null;
  lastRefusals: string[];
  setTarget(t: PlanTarget): void;
  newMdevTarget(): void;
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
  undo(): void;
  redo(): void;
  resetPlan(): void;
  loadRawPlan(title: string, operations: Operation[]): void;
  planTitle(): string;
}

const uuids = (ix: HostIndex | null) => (ix ? ix.mdevs.map((m) => m.info.uuid) : []);

let validateTimer: ReturnType<typeof setTimeout> | null = null;
let validateSeq = 0;

export const createPlanSlice: Slice<PlanSlice> = (set, get) => {
  function recompute(edits: Edit[]): void {
    const { host, layers } = get();
    if (!host || !layers) return;
    const composed = composeEdits(host, edits);
    const afterIndex = edits.length ? indexHost(composed.after) : get().hostIndex;
    const afterLayers = edits.length && afterIndex ? computeLayers(afterIndex) : layers;
    set({ edits, composed, afterIndex, afterLayers, planDiff: edits.length && afterIndex ? diffLayers(layers, afterLayers, uuids(get().hostIndex), uuids(afterIndex)) : null, planVersion: get().planVersion + 1, verdicts: null });
    get().recomputeAxes();
    get().refreshPreview();
    scheduleValidation();
  }

  function scheduleValidation(): void {
    if (validateTimer) clearTimeout(validateTimer);
    const ops = get().composed?.operations ?? [];
    const conn = get().connection;
    if (!ops.length || !conn) {
      set({ validating: false, validationError: null, verdicts: null });
      return;
    }
    set({ validating: true });
    const seq = ++validateSeq;
    validateTimer = soonAfterThisEdit(async () => {
      try {
        const res = await getApi().validatePlan({ connectionId: conn.id, plan: { title: get().planTitle(), operations: ops } });
        if (seq === validateSeq) set({ verdicts: withSafety(res), validating: false, validationError: null });
      } catch (e) {
        if (seq === validateSeq) set({ validating: false, validationError: `Validation failed: ${errorText(e)}` });
      }
    });
  }

  function pushEdit(e: Edit): void {
    if (e.kind === 'selection' && e.result.operations.length === 0) {
      set({ lastRefusals: e.result.refusals.length ? e.result.refusals : ['Nothing to do: the target already is that way.'] });
      return;
    }
    set({ lastRefusals: e.kind === 'selection' ? e.result.refusals : [] });
    get().setEdits([...get().edits, e]);
  }

  return {
    target: { kind: 'host' },
    planAction: 'add',
    side: 'auto',
    controlFollowsUsage: true,
    moveFrom: null,
    edits: [],
    undoStack: [],
    redoStack: [],
    composed: null,
    afterIndex: null,
    afterLayers: null,
    planDiff: null,
    planVersion: 0,
    verdicts: null,
    validating: false,
    validationError: null,
    lastRefusals: [],

    setTarget(target) {
      set({ target, lastRefusals: [], moveFrom: target.kind === 'mdev' && get().moveFrom === target.uuid ? null : get().moveFrom });
      get().refreshPreview();
    },
    newMdevTarget() {
      get().setTarget({ kind: 'new-mdev', uuid: newUuid() });
    },
    setPlanAction(planAction) {
      set({ planAction });
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
      const { side, controlFollowsUsage, moveFrom } = get();
      const target = get().effectiveTarget();
      const act = action ?? get().planAction;
      const move = moveFrom && act === 'add' && target.kind !== 'host' && (target.kind === 'new-mdev' || target.uuid !== moveFrom) ? moveFrom : undefined;
      return planSelection(ix, { target, action: act, cells, side: side === 'auto' ? undefined : side, controlFollowsUsage, moveFrom: move });
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
      const action: PlanAction = get().targetHolds(cell) ? 'remove' : 'add';
      const { side, controlFollowsUsage } = get();
      const request = { target: get().effectiveTarget(), action, cells: [cell], side: side === 'auto' ? undefined : side, controlFollowsUsage };
      pushEdit({ kind: 'selection', request, result: get().planFor([cell], action) });
    },

    commitSelection(action) {
      const cells = get().previewCells;
      if (!cells.length) return;
      const { side, controlFollowsUsage } = get();
      const act = action ?? get().planAction;
      const request = { target: get().effectiveTarget(), action: act, cells, side: side === 'auto' ? undefined : side, controlFollowsUsage, moveFrom: get().moveFrom ?? undefined };
      pushEdit({ kind: 'selection', request, result: get().planFor(cells, act) });
      get().clearSelection();
    },

    setEdits(edits) {
      const first = get().edits.length === 0 && edits.length > 0;
      set({ undoStack: [...get().undoStack, get().edits], redoStack: [] });
      if (first && get().tab !== 'export') get().setTab('plan');
      recompute(edits);
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
      set({ undoStack: [], redoStack: [], lastRefusals: [] });
      const t = get().target;
      if (t.kind !== 'host' && !get().hostIndex?.mdevByUuid.has(t.uuid) && t.kind === 'mdev') set({ target: { kind: 'host' } });
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
      return `AP Matrix plan for ${src}: ${n} operation${n === 1 ? '' : 's'}`;
    }
  };
};
