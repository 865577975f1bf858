/**
 * Freeing host queues for guests and reclaiming them for the host: apmask and
 * aqmask work on whole adapters and domains (§2.2), written in relative form
 * (§1.3) so that bits the plan does not touch keep whatever value they have.
 */
import { cellIndex } from '../ap/ids';
import { maskHas, maskIds } from '../ap/mask';
import { hostFreeingCover } from './coverWeights';
import { claimantIndex, isHostCell } from './matrixModel';
import { cellList } from './ownerText';
import { type PlanContext, emit, linesOf, owner, refuse } from './planContext';

/**
 * Clear the cheapest adapter and domain bits that free every selected host cell
 * (König cover), or, when the user chose a side, the adapter (domain) bits of
 * the selected cells only.
 */
export function planHostRemove(ctx: PlanContext, cells: number[], side: 'adapter' | 'domain' | 'auto' = 'auto'): void {
  const hostCells = cells.filter((c) => isHostCell(ctx.model, c));
  if (!hostCells.length) return;
  const lines = linesOf(hostCells);
  const cover =
    side === 'adapter'
      ? { adapters: lines.adapters, domains: [] }
      : side === 'domain'
        ? { adapters: [], domains: lines.domains }
        : hostFreeingCover(ctx.host, ctx.model.apmask, ctx.model.aqmask, hostCells);
  // clearing bits is never refused (§2.1 step 4)
  if (cover.adapters.length) emit(ctx, { kind: 'apmask', set: [], clear: cover.adapters });
  if (cover.domains.length) emit(ctx, { kind: 'aqmask', set: [], clear: cover.domains });
}

/**
 * Set the adapter and domain bits the selected cells lack. Every queue of the
 * new host product that an mdev holds makes the change refused, on every era:
 * E2+ answers EBUSY (§2.1 step 4), and E0/E1 would silently pull the queue out
 * from under the mdev, which is worse.
 */
export function planHostAdd(ctx: PlanContext, cells: number[]): void {
  const { adapters, domains } = linesOf(cells);
  const setA = adapters.filter((a) => !maskHas(ctx.model.apmask, a));
  const setD = domains.filter((d) => !maskHas(ctx.model.aqmask, d));
  if (!setA.length && !setD.length) return;
  const newA = new Set(setA);
  const newD = new Set(setD);
  const allA = [...maskIds(ctx.model.apmask), ...setA];
  const allD = [...maskIds(ctx.model.aqmask), ...setD];
  const taken = new Map<string, number[]>();
  const claimants = claimantIndex(ctx.model);
  // only cells on a new adapter or a new domain, in the order allA x allD
  const newDomainsOnly = allD.filter((d) => newD.has(d));
  for (const a of allA) {
    for (const d of newA.has(a) ? allD : newDomainsOnly) {
      const c = cellIndex(a, d);
      for (const o of claimants(c)) {
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
