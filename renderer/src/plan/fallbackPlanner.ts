/**
 * A small planner used until shared/plan's planSelection lands: from a target
 * and selected cells to assign/unassign and mask operations with a preview.
 * Greedy where the real planner is exact (host freeing uses a König cover
 * there); the kernel verdicts still come from main's validatePlan.
 */
import { AP_IDS, Mask, cellAdapter, cellDomain, maskHas, maskIds } from '../../../shared/ap';
import type { Operation } from '../../../shared/plan/operations';
import { type HostIndex } from '../model/hostIndex';
import type { SelectionPlan, SelectionRequest } from './types';

function product(as: Iterable<number>, ds: number[], out: Set<number>): void {
  for (const a of as) for (const d of ds) out.add(a * AP_IDS + d);
}

function idsOf(cells: number[]): { as: number[]; ds: number[] } {
  const as = new Set<number>();
  const ds = new Set<number>();
  for (const c of cells) (as.add(cellAdapter(c)), ds.add(cellDomain(c)));
  return { as: [...as].sort((x, y) => x - y), ds: [...ds].sort((x, y) => x - y) };
}

/** Cells of rows `as` x all of `cols` that are set in (apm x aqm), i.e. lost by removing `as`. */
function lostBy(rows: number[], rowMask: Mask, otherMask: Mask, rowsAreAdapters: boolean): number[] {
  const out: number[] = [];
  const others = maskIds(otherMask);
  for (const r of rows) {
    if (!maskHas(rowMask, r)) continue;
    for (const o of others) out.push(rowsAreAdapters ? r * AP_IDS + o : o * AP_IDS + r);
  }
  return out;
}

function mdevPlan(ix: HostIndex, req: SelectionRequest, uuid: string, create: boolean): SelectionPlan {
  const m = ix.mdevByUuid.get(uuid);
  const apm = m?.apm ?? new Uint8Array(32);
  const aqm = m?.aqm ?? new Uint8Array(32);
  const adm = m?.adm ?? new Uint8Array(32);
  const ops: Operation[] = [];
  const refusals: string[] = [];
  const { as, ds } = idsOf(req.cells);
  const selected = new Set(req.cells);
  if (req.action === 'add') {
    if (create && !m) ops.push({ kind: 'create-mdev', uuid });
    const newA = as.filter((a) => !maskHas(apm, a));
    const newD = ds.filter((d) => !maskHas(aqm, d));
    for (const a of newA) ops.push({ kind: 'assign-adapter', uuid, id: a });
    for (const d of newD) ops.push({ kind: 'assign-domain', uuid, id: d });
    if (req.controlFollowsUsage !== false) for (const d of newD) if (!maskHas(adm, d)) ops.push({ kind: 'assign-control-domain', uuid, id: d });
    const gainedSet = new Set<number>();
    const allA = [...new Set([...maskIds(apm), ...newA])];
    const allD = [...new Set([...maskIds(aqm), ...newD])];
    product(newA, allD, gainedSet);
    product(allA, newD, gainedSet);
    const gained = [...gainedSet].sort((x, y) => x - y);
    for (const c of gained) {
      if (ix.apmask && maskHas(ix.apmask, cellAdapter(c)) && maskHas(ix.aqmask, cellDomain(c)) && selected.has(c)) {
        refusals.push(`${c >> 8}.${c & 255}: the host owns this queue; free it in the host masks first`);
        break;
      }
    }
    return { operations: ops, preview: { gained, lost: [], draggedIn: gained.filter((c) => !selected.has(c)) }, refusals };
  }
  if (!m) return { operations: [], preview: { gained: [], lost: [], draggedIn: [] }, refusals: ['the mdev does not exist yet'] };
  const held = req.cells.filter((c) => maskHas(apm, cellAdapter(c)) && maskHas(aqm, cellDomain(c)));
  const h = idsOf(held);
  const lostA = lostBy(h.as, apm, aqm, true);
  const lostD = lostBy(h.ds, aqm, apm, false);
  const side = req.side ?? (lostA.length <= lostD.length ? 'adapter' : 'domain');
  if (side === 'adapter') for (const a of h.as) ops.push({ kind: 'unassign-adapter', uuid, id: a });
  else {
    for (const d of h.ds) ops.push({ kind: 'unassign-domain', uuid, id: d });
    if (req.controlFollowsUsage !== false) for (const d of h.ds) if (maskHas(adm, d)) ops.push({ kind: 'unassign-control-domain', uuid, id: d });
  }
  const lost = (side === 'adapter' ? lostA : lostD).sort((x, y) => x - y);
  return { operations: ops, preview: { gained: [], lost, draggedIn: [] }, refusals: [] };
}

function hostPlan(ix: HostIndex, req: SelectionRequest): SelectionPlan {
  const { as, ds } = idsOf(req.cells);
  const refusals: string[] = [];
  if (req.action === 'remove') {
    // free: clear whichever side takes fewer other queues from the host
    const owned = req.cells.filter((c) => maskHas(ix.apmask, cellAdapter(c)) && maskHas(ix.aqmask, cellDomain(c)));
    const o = idsOf(owned);
    const lostA = lostBy(o.as, ix.apmask, ix.aqmask, true);
    const lostD = lostBy(o.ds, ix.aqmask, ix.apmask, false);
    const byA = (req.side ?? (lostA.length <= lostD.length ? 'adapter' : 'domain')) === 'adapter';
    const op: Operation = byA ? { kind: 'apmask', set: [], clear: o.as } : { kind: 'aqmask', set: [], clear: o.ds };
    return { operations: owned.length ? [op] : [], preview: { gained: [], lost: (byA ? lostA : lostD).sort((x, y) => x - y), draggedIn: [] }, refusals };
  }
  const setA = as.filter((a) => !maskHas(ix.apmask, a));
  const setD = ds.filter((d) => !maskHas(ix.aqmask, d));
  const ops: Operation[] = [];
  if (setA.length) ops.push({ kind: 'apmask', set: setA, clear: [] });
  if (setD.length) ops.push({ kind: 'aqmask', set: setD, clear: [] });
  const gainedSet = new Set<number>();
  const allA = [...new Set([...maskIds(ix.apmask), ...setA])];
  const allD = [...new Set([...maskIds(ix.aqmask), ...setD])];
  product(setA, allD, gainedSet);
  product(allA, setD, gainedSet);
  const gained = [...gainedSet].sort((x, y) => x - y);
  for (const c of gained) {
    const holder = ix.mdevs.find((m) => maskHas(m.apm, cellAdapter(c)) && maskHas(m.aqm, cellDomain(c)));
    if (holder) {
      refusals.push(`Giving the host ${hex(c)} would take it from mdev ${holder.label} (§2.1).`);
      return { operations: [], preview: { gained: [], lost: [], draggedIn: [] }, refusals };
    }
  }
  const sel = new Set(req.cells);
  return { operations: ops, preview: { gained, lost: [], draggedIn: gained.filter((c) => !sel.has(c)) }, refusals };
}

function hex(c: number): string {
  return `${(c >> 8).toString(16).padStart(2, '0')}.${(c & 255).toString(16).padStart(4, '0')}`;
}

export function fallbackPlanSelection(ix: HostIndex, req: SelectionRequest): SelectionPlan {
  if (req.cells.length === 0) return { operations: [], preview: { gained: [], lost: [], draggedIn: [] }, refusals: [] };
  switch (req.target.kind) {
    case 'host':
      return hostPlan(ix, req);
    case 'mdev':
      return mdevPlan(ix, req, req.target.uuid, false);
    case 'new-mdev':
      return mdevPlan(ix, req, req.target.uuid, true);
  }
}
