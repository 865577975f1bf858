/**
 * Adding cells to an mdev and removing cells from it.
 * An mdev holds adapters x domains (§6.2): adding one cell means assigning its
 * adapter and its domain, and the whole cartesian product comes along.
 */
import { cellIndex } from '../ap/ids';
import { maskCount, maskHas, maskIds } from '../ap/mask';
import { hostFreeingCover } from './coverWeights';
import { minimumWeightCover } from './cover';
import { claimantIndex, findMdev, inMdev, isHostCell } from './matrixModel';
import { cellList } from './ownerText';
import { type PlanContext, checkNotBusyE1, checkRange, emit, linesOf, owner, refuse } from './planContext';

/** Assign what the mdev lacks; free host-owned queues of the new product first (§6.2 EADDRNOTAVAIL). */
export function planMdevAdd(ctx: PlanContext, uuid: string, cells: number[]): void {
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
  const claimants = claimantIndex(ctx.model);
  for (const c of product) {
    for (const o of claimants(c)) {
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

/** Unassign adapters or domains so that every selected cell leaves the mdev. */
export function planMdevRemove(ctx: PlanContext, uuid: string, cells: number[], side: 'adapter' | 'domain' | 'auto'): void {
  const x = findMdev(ctx.model, uuid);
  if (!x) {
    refuse(ctx, `mdev ${uuid} does not exist on this host.`);
    return;
  }
  const sel = [...new Set(cells)].filter((c) => inMdev(x, c));
  if (!sel.length) return;
  if (!checkNotBusyE1(ctx, uuid)) return;

  const nA = maskCount(x.apm);
  const nD = maskCount(x.aqm);
  // queues lost beyond the selection when unassigning adapters A and domains D
  const loss = (A: number[], D: number[]): number => nA * nD - (nA - A.length) * (nD - D.length) - sel.length;
  const lines = linesOf(sel);
  const candidates: Array<{ A: number[]; D: number[] }> = [];
  if (side !== 'domain') candidates.push({ A: lines.adapters, D: [] });
  if (side !== 'adapter') candidates.push({ A: [], D: lines.domains });
  if (side === 'auto') {
    const perA = new Map<number, number>();
    const perD = new Map<number, number>();
    for (const c of sel) {
      perA.set(c >>> 8, (perA.get(c >>> 8) ?? 0) + 1);
      perD.set(c & 0xff, (perD.get(c & 0xff) ?? 0) + 1);
    }
    const cover = minimumWeightCover(
      sel,
      (a) => (nD - (perA.get(a) ?? 0)) * 1024 + 1,
      (d) => (nA - (perD.get(d) ?? 0)) * 1024 + 1
    );
    candidates.push({ A: cover.adapters, D: cover.domains });
  }
  let best = candidates[0];
  for (const c of candidates.slice(1)) {
    const l = loss(c.A, c.D);
    const lb = loss(best.A, best.D);
    if (l < lb || (l === lb && c.A.length + c.D.length < best.A.length + best.D.length)) best = c;
  }
  for (const a of best.A) emit(ctx, { kind: 'unassign-adapter', uuid, id: a });
  for (const d of best.D) emit(ctx, { kind: 'unassign-domain', uuid, id: d });
  if (ctx.controlFollowsUsage) {
    for (const d of best.D) if (maskHas(x.adm, d)) emit(ctx, { kind: 'unassign-control-domain', uuid, id: d });
  }
}
