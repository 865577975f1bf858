/**
 * Drag-preview speed (planSelection on every pointer move): on the `full`
 * scenario (65,536 queues, 64 mdevs), a drag grows a rectangle from 1x1 to
 * 32x32 cells; each rectangle is planned by the candidate (shared/plan's
 * planSelection, per-host caches and an incremental "after" owner map) and by
 * the baseline below: planSelection, planHostAdd and planMdevAdd as they were
 * before the caches (every call parsed the host into a model, built four
 * 65,536-cell owner maps and scanned every mdev per queue of a new product).
 * Checks that both give deep-equal results for every rectangle, then prints
 * the median per call of each, per drag kind, and the ratio.
 *
 *   npx tsx bench/planPreview.bench.ts
 */
import { isDeepStrictEqual } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { cellIndex, isUuid, newUuid } from '../shared/ap/ids';
import { maskHas, maskIds } from '../shared/ap/mask';
import { createKernel } from '../shared/kernel/kernel';
import { buildScenario } from '../shared/kernel/scenarios';
import { snapshotKernel } from '../shared/host/snapshot';
import type { HostState } from '../shared/host/hostState';
import { planSelection } from '../shared/plan/planner';
import { hostFreeingCover } from '../shared/plan/coverWeights';
import {
  claimantsOf,
  cloneModel,
  findMdev,
  isHostCell,
  modelFromHost,
  ownerMap,
  ownerName,
  type MatrixModel
} from '../shared/plan/matrixModel';
import { cellList } from '../shared/plan/ownerText';
import { checkNotBusyE1, checkRange, emit, linesOf, newContext, owner, refuse, type PlanContext } from '../shared/plan/planContext';
import { planHostRemove } from '../shared/plan/planHost';
import { planMdevRemove } from '../shared/plan/planMdev';
import type { OwnerChange, PlannedChange, PlanPreview, PlanRequest } from '../shared/plan/planTypes';

// ---------------------------------------------------------------------------
// baseline: copied from shared/plan before the per-host caches (commit beecdb4)
// ---------------------------------------------------------------------------

function baselinePlanSelection(host: HostState, request: PlanRequest): PlannedChange {
  const before = modelFromHost(host);
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
      if (request.action === 'add') baselinePlanHostAdd(ctx, cells);
      else planHostRemove(ctx, cells);
    } else if (request.action === 'add') baselinePlanMdevAdd(ctx, target, cells);
    else planMdevRemove(ctx, target, cells, side);
  }
  checkNoNewConflicts(ctx, before);

  const preview = baselinePreviewOf(before, ctx.model, target, cells);
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
function checkNoNewConflicts(ctx: PlanContext, before: MatrixModel): void {
  if (ctx.refusals.length) return;
  const b = ownerMap(before);
  const a = ownerMap(ctx.model);
  const bad: number[] = [];
  for (let c = 0; c < a.claims.length; c++) if (a.claims[c] > 1 && a.claims[c] > b.claims[c]) bad.push(c);
  if (bad.length) refuse(ctx, `the change would give ${cellList(bad)} to two owners at once, so it is refused.`);
}

function baselinePreviewOf(before: MatrixModel, after: MatrixModel, target: string, selected: number[]): PlanPreview {
  const b = ownerMap(before);
  const a = ownerMap(after);
  const owners: OwnerChange[] = [];
  const gained: number[] = [];
  const lost: number[] = [];
  for (let c = 0; c < a.owner.length; c++) {
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

function baselinePlanHostAdd(ctx: PlanContext, cells: number[]): void {
  const { adapters, domains } = linesOf(cells);
  const setA = adapters.filter((a) => !maskHas(ctx.model.apmask, a));
  const setD = domains.filter((d) => !maskHas(ctx.model.aqmask, d));
  if (!setA.length && !setD.length) return;
  const newA = new Set(setA);
  const newD = new Set(setD);
  const allA = [...maskIds(ctx.model.apmask), ...setA];
  const allD = [...maskIds(ctx.model.aqmask), ...setD];
  const taken = new Map<string, number[]>();
  for (const a of allA) {
    for (const d of allD) {
      if (!newA.has(a) && !newD.has(d)) continue;
      const c = cellIndex(a, d);
      for (const o of claimantsOf(ctx.model, c)) {
        if (o === 'host') continue;
        let list = taken.get(o);
        if (!list) taken.set(o, (list = []));
        list.push(c);
      }
    }
  }
  const selected = new Set(cells);
  for (const [mdev, list] of taken) {
    const dragged = list.filter((c) => !selected.has(c));
    const why = dragged.length
      ? `; ${cellList(dragged)} ${dragged.length > 1 ? 'come' : 'comes'} with the new host adapters and domains`
      : '';
    refuse(
      ctx,
      `${cellList(list)} ${list.length > 1 ? 'belong' : 'belongs'} to ${owner(ctx, mdev)}; giving ${list.length > 1 ? 'them' : 'it'} back to the host is refused${why}. Remove ${list.length > 1 ? 'them' : 'it'} from the mdev first.`
    );
  }
  if (taken.size) return;
  if (setA.length) emit(ctx, { kind: 'apmask', set: setA, clear: [] });
  if (setD.length) emit(ctx, { kind: 'aqmask', set: setD, clear: [] });
}

function baselinePlanMdevAdd(ctx: PlanContext, uuid: string, cells: number[]): void {
  const x = findMdev(ctx.model, uuid);
  if (!x) {
    refuse(ctx, `mdev ${uuid} does not exist on this host.`);
    return;
  }
  const { adapters, domains } = linesOf(cells);
  const needA = adapters.filter((a) => !maskHas(x.apm, a));
  const needD = domains.filter((d) => !maskHas(x.aqm, d));
  const needC = ctx.controlFollowsUsage ? domains.filter((d) => !maskHas(x.adm, d)) : [];
  if (needA.length + needD.length + needC.length === 0) return;
  if (!checkRange(ctx, needA, needD, `assigning them to ${owner(ctx, uuid)}`)) return;
  if (!checkNotBusyE1(ctx, uuid)) return;

  // the kernel checks the WHOLE new product (§6.2 steps 2-3, §9.1), not only the queues it adds,
  // so a pre-existing bad pair (a host-owned queue in the matrix) must be repaired as well
  const allA = [...maskIds(x.apm), ...needA];
  const allD = [...maskIds(x.aqm), ...needD];
  const product: number[] = [];
  for (const a of allA) for (const d of allD) product.push(cellIndex(a, d));

  const selected = new Set(cells);
  const taken = new Map<string, number[]>();
  for (const c of product) {
    for (const o of claimantsOf(ctx.model, c)) {
      if (o === 'host' || o === uuid) continue;
      let list = taken.get(o);
      if (!list) taken.set(o, (list = []));
      list.push(c);
    }
  }
  for (const [other, list] of taken) {
    const dragged = list.filter((c) => !selected.has(c));
    const why = dragged.length
      ? ` (${cellList(dragged)} ${dragged.length > 1 ? 'come' : 'comes'} with the cartesian product of the new adapters and domains)`
      : '';
    refuse(
      ctx,
      `${cellList(list)} ${list.length > 1 ? 'belong' : 'belongs'} to ${owner(ctx, other)}; assigning ${list.length > 1 ? 'them' : 'it'} to ${owner(ctx, uuid)} too is refused, since a queue may belong to one mdev only${why}.`
    );
  }
  if (taken.size) return;

  const hostCells = product.filter((c) => isHostCell(ctx.model, c));
  if (ctx.model.era === 'E1' && !checkBoundE1(ctx, uuid, product)) return;
  if (hostCells.length) {
    const cover = hostFreeingCover(ctx.host, ctx.model.apmask, ctx.model.aqmask, hostCells);
    if (cover.adapters.length) emit(ctx, { kind: 'apmask', set: [], clear: cover.adapters });
    if (cover.domains.length) emit(ctx, { kind: 'aqmask', set: [], clear: cover.domains });
  }
  // any order of these is valid once the final product is valid: every intermediate
  // product is a subset of it (§9.1)
  for (const a of needA) emit(ctx, { kind: 'assign-adapter', uuid, id: a });
  for (const d of needD) emit(ctx, { kind: 'assign-domain', uuid, id: d });
  for (const d of needC) emit(ctx, { kind: 'assign-control-domain', uuid, id: d });
}

/** E1 assigns only queues that exist and will be bound to vfio_ap (§6.4, §9.8). */
function checkBoundE1(ctx: PlanContext, uuid: string, cells: number[]): boolean {
  const bindable = new Uint8Array(65536);
  if (ctx.host.vfioLoaded) {
    for (const q of ctx.host.queues) {
      // a queue bound to either driver rebinds to vfio_ap when freed (§4.2); a manually
      // unbound queue stays unbound
      if (q.driver === 'vfio_ap' || q.driver === 'cex4queue') bindable[cellIndex(q.adapter, q.domain)] = 1;
    }
  }
  const missing = cells.filter((c) => !bindable[c]);
  if (!missing.length) return true;
  const why = ctx.host.vfioLoaded ? 'no queue device that can bind to vfio_ap' : 'no vfio_ap driver (the module is not loaded)';
  refuse(
    ctx,
    `${cellList(missing)} ${missing.length > 1 ? 'have' : 'has'} ${why}; kernels before 6.0 assign only bound queues, so assigning to ${owner(ctx, uuid)} is refused (EADDRNOTAVAIL).`
  );
  return false;
}

// ---------------------------------------------------------------------------
// the drags
// ---------------------------------------------------------------------------

/** rounds of each whole drag (1x1 .. 32x32) per implementation */
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const MAX = 32;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** the n x n rectangle whose top-left cell is adapter a0, domain d0 */
function rect(a0: number, d0: number, n: number): number[] {
  const out: number[] = [];
  for (let a = a0; a < a0 + n; a++) for (let d = d0; d < d0 + n; d++) out.push(cellIndex(a, d));
  return out;
}

const sc = buildScenario('full');
// the snapshot as the app reads it: the kernel model dumped and parsed like a real host
const host: HostState = snapshotKernel(createKernel(sc.state), { guests: sc.guests, mdevctl: sc.mdevctl }, 'demo:full');
const mdev0 = host.mdevs[0].uuid;
const NEW = 'cccccccc-0000-4000-8000-000000000001';

/**
 * `full`: the host owns adapters 0x00-0x7f x all domains; mdev i holds adapters
 * 0x80+2i, 0x81+2i x domains 4i..4i+3; adapters 0x80+ x other domains are free.
 */
const drags: Array<{ name: string; req: Omit<PlanRequest, 'cells'>; a0: number; d0: number }> = [
  { name: 'mdev add, free queues', req: { target: { kind: 'mdev', uuid: mdev0 }, action: 'add' }, a0: 0x80, d0: 0x80 },
  { name: 'mdev add, host queues', req: { target: { kind: 'mdev', uuid: mdev0 }, action: 'add' }, a0: 0x10, d0: 0x80 },
  { name: 'mdev remove', req: { target: { kind: 'mdev', uuid: mdev0 }, action: 'remove' }, a0: 0x80, d0: 0x00 },
  { name: 'new mdev add, host queues', req: { target: { kind: 'new-mdev', uuid: NEW }, action: 'add' }, a0: 0x20, d0: 0x20 },
  { name: 'host remove', req: { target: { kind: 'host' }, action: 'remove' }, a0: 0x10, d0: 0x10 },
  { name: 'host add (refused)', req: { target: { kind: 'host' }, action: 'add' }, a0: 0x80, d0: 0x80 },
  { name: 'host add, free queues', req: { target: { kind: 'host' }, action: 'add' }, a0: 0x80, d0: 0x7c }
];
const mdev1 = host.mdevs[1].uuid;
/** more requests that are checked for equal results (not timed): refusals, moves, options */
const checkedOnly: typeof drags = [
  { name: 'mdev add over other mdevs', req: { target: { kind: 'mdev', uuid: mdev0 }, action: 'add' }, a0: 0x82, d0: 0x04 },
  { name: 'move mdev1 -> mdev0', req: { target: { kind: 'mdev', uuid: mdev0 }, action: 'add', moveFrom: mdev1 }, a0: 0x82, d0: 0x04 },
  { name: 'move mdev1 -> host', req: { target: { kind: 'host' }, action: 'add', moveFrom: mdev1 }, a0: 0x82, d0: 0x04 },
  { name: 'mdev remove by adapter', req: { target: { kind: 'mdev', uuid: mdev1 }, action: 'remove', side: 'adapter' }, a0: 0x82, d0: 0x04 },
  {
    name: 'mdev add, no control',
    req: { target: { kind: 'mdev', uuid: mdev1 }, action: 'add', controlFollowsUsage: false },
    a0: 0x70,
    d0: 0x04
  },
  { name: 'new mdev, existing uuid', req: { target: { kind: 'new-mdev', uuid: mdev1 }, action: 'add' }, a0: 0x90, d0: 0x90 }
];
/** the same requests on an E1 host (every guest attached: EBUSY refusals; bound-queue checks) */
const e1Host: HostState = { ...host, era: 'E1' };

type Planner = (h: HostState, r: PlanRequest) => PlannedChange;

/** per-call times of ROUNDS whole drags (after one warm-up drag) */
function timeDrag(plan: Planner, req: Omit<PlanRequest, 'cells'>, a0: number, d0: number): number[] {
  const times: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    for (let n = 1; n <= MAX; n++) {
      const cells = rect(a0, d0, n);
      const t0 = performance.now();
      plan(host, { ...req, cells });
      const t = performance.now() - t0;
      if (round >= 0) times.push(t);
    }
  }
  return times;
}

let mismatches = 0;
let checked = 0;
for (const h of [host, e1Host]) {
  for (const d of [...drags, ...checkedOnly]) {
    for (let n = 1; n <= MAX; n++) {
      const req = { ...d.req, cells: rect(d.a0, d.d0, n) };
      const a = baselinePlanSelection(h, req);
      const b = planSelection(h, req);
      checked++;
      if (!isDeepStrictEqual(a, b)) {
        mismatches++;
        console.error(`MISMATCH: ${h.era} ${d.name}, ${n}x${n}`);
      }
    }
  }
}
if (mismatches) throw new Error(`${mismatches} rectangles give different results`);

console.log(`planSelection per drag frame on full (65,536 queues, 64 mdevs): rectangles 1x1..${MAX}x${MAX}, ${ROUNDS} drags each`);
console.log(
  `  all ${checked} requests (the drags below and ${checkedOnly.length} more kinds, on E3 and E1): baseline and candidate results deep-equal`
);
const fmt = (xs: number[]) => `${median(xs).toFixed(3)} ms (max ${Math.max(...xs).toFixed(2)})`;
const all = { base: [] as number[], cand: [] as number[] };
for (const d of drags) {
  const base = timeDrag(baselinePlanSelection, d.req, d.a0, d.d0);
  const cand = timeDrag(planSelection, d.req, d.a0, d.d0);
  all.base.push(...base);
  all.cand.push(...cand);
  const at16 = (xs: number[]) => median(xs.filter((_, i) => i % MAX === 15));
  console.log(
    `  ${d.name.padEnd(26)} baseline ${fmt(base)}  candidate ${fmt(cand)}  ratio ${(median(base) / median(cand)).toFixed(1)}x  | 16x16: ${at16(base).toFixed(3)} -> ${at16(cand).toFixed(3)} ms`
  );
}
console.log(
  `  all drags: baseline median ${median(all.base).toFixed(3)} ms, candidate median ${median(all.cand).toFixed(3)} ms, ratio ${(median(all.base) / median(all.cand)).toFixed(1)}x`
);
// the first call on a new host object pays for the per-host caches
const cold: number[] = [];
for (let i = 0; i < 5; i++) {
  const fresh = { ...host };
  const t0 = performance.now();
  planSelection(fresh, { ...drags[0].req, cells: rect(0x80, 0x80, 16) });
  cold.push(performance.now() - t0);
}
console.log(`  candidate, first call on a new host object: ${median(cold).toFixed(2)} ms (median of ${cold.length})`);
console.log(
  `  budget 2 ms per call after the first: ${median(all.cand) < 2 ? 'met' : 'MISSED'} (median); max ${Math.max(...all.cand).toFixed(2)} ms`
);
console.log(`  machine: ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`);
