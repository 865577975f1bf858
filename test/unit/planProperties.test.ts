/**
 * Planner invariants on random small hosts, both eras: a plan's result holds
 * every selected cell and exactly the previewed queues; no plan gives the host
 * an mdev's queue or one queue to two owners; refused changes have no operations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellIndex } from '../../shared/ap';
import { applyToModel, cloneModel, modelFromHost, ownerMap, ownerName } from '../../shared/plan/matrixModel';
import { planSelection } from '../../shared/plan/planner';
import type { PlanRequest } from '../../shared/plan/planTypes';
import { makeHost, type MdevSpec, UUID1, UUID2, UUID3 } from './planFixtures';

const IDS = [0, 1, 2, 3, 4, 5];
const NEW = '11111111-2222-4333-8444-555555555555';
const UUIDS = [UUID1, UUID2, UUID3];

const sub = fc.subarray(IDS);
const cellArb = fc.tuple(fc.constantFrom(...IDS), fc.constantFrom(...IDS)).map(([a, d]) => cellIndex(a, d));

/** A valid random host: mdevs that would overlap the host pool or an earlier mdev are dropped. */
const hostArb = fc
  .record({
    era: fc.constantFrom('E1' as const, 'E3' as const),
    apmask: sub,
    aqmask: sub,
    restOn: fc.boolean(),
    adapters: sub,
    domains: sub,
    mdevs: fc.array(fc.record({ apm: sub, aqm: sub, adm: sub, attached: fc.boolean() }), { maxLength: 3 })
  })
  .map((r) => {
    const rest = r.restOn ? Array.from({ length: 250 }, (_, i) => i + 6) : [];
    const apmask = [...r.apmask, ...rest];
    const aqmask = [...r.aqmask, ...rest];
    const taken = new Set<number>();
    for (const a of apmask) for (const d of aqmask) taken.add(cellIndex(a, d));
    const mdevs: MdevSpec[] = [];
    r.mdevs.forEach((m, i) => {
      const cells = m.apm.flatMap((a) => m.aqm.map((d) => cellIndex(a, d)));
      if (cells.some((c) => taken.has(c))) return;
      cells.forEach((c) => taken.add(c));
      mdevs.push({ uuid: UUIDS[i], apm: m.apm, aqm: m.aqm, adm: m.adm, attached: m.attached, guest: `Guest${i + 1}` });
    });
    return makeHost({ era: r.era, apmask, aqmask, adapters: r.adapters, domains: r.domains, mdevs });
  });

const requestArb = (uuids: string[]): fc.Arbitrary<PlanRequest> =>
  fc.record({
    target: fc.oneof(
      fc.constant({ kind: 'host' as const }),
      fc.constant({ kind: 'new-mdev' as const, uuid: NEW }),
      ...(uuids.length ? [fc.constantFrom(...uuids).map((uuid) => ({ kind: 'mdev' as const, uuid }))] : [])
    ),
    action: fc.constantFrom('add' as const, 'remove' as const),
    cells: fc.array(cellArb, { minLength: 1, maxLength: 5 }),
    side: fc.constantFrom('adapter' as const, 'domain' as const, 'auto' as const),
    controlFollowsUsage: fc.boolean(),
    moveFrom: uuids.length ? fc.option(fc.constantFrom(...uuids), { nil: undefined }) : fc.constant(undefined)
  });

const scenario = hostArb.chain((host) => fc.tuple(fc.constant(host), requestArb(host.mdevs.map((m) => m.uuid))));

describe('planSelection properties', () => {
  it('keeps every invariant on random hosts and selections (E1 and E3)', () => {
    fc.assert(
      fc.property(scenario, ([host, req]) => {
        const plan = planSelection(host, req);
        if (plan.refusals.length) {
          expect(plan.operations).toEqual([]);
          return;
        }
        const before = modelFromHost(host);
        const after = cloneModel(before);
        for (const op of plan.operations) applyToModel(after, op);
        const b = ownerMap(before);
        const a = ownerMap(after);
        const target = plan.target;
        const owns = (map: typeof a, c: number) => ownerName(map, c) === target;

        // step by step: no new double owners, and the host never takes a queue an mdev holds
        const step = cloneModel(before);
        for (const op of plan.operations) {
          const pre = ownerMap(step);
          applyToModel(step, op);
          const post = ownerMap(step);
          for (let c = 0; c < 65536; c++) {
            if (post.claims[c] > 1 && post.claims[c] > pre.claims[c]) throw new Error(`${op.kind} gives ${c} a second owner`);
            if (pre.owner[c] >= 2 && ownerName(post, c) === 'host') throw new Error(`${op.kind}: host took ${c} from ${ownerName(pre, c)}`);
          }
        }
        // selected cells end up where asked
        for (const c of req.cells) {
          if (req.action === 'add') expect(owns(a, c)).toBe(true);
          else expect(owns(a, c)).toBe(false);
        }
        // exactly the previewed changes
        const gained: number[] = [];
        const lost: number[] = [];
        const changes: string[] = [];
        for (let c = 0; c < 65536; c++) {
          const from = ownerName(b, c);
          const to = ownerName(a, c);
          if (from === to) continue;
          changes.push(`${c}:${from}>${to}`);
          if (to === target) gained.push(c);
          if (from === target) lost.push(c);
        }
        expect(plan.preview.gained).toEqual(gained);
        expect(plan.preview.lost).toEqual(lost);
        expect(plan.preview.owners.map((o) => `${o.cell}:${o.from}>${o.to}`)).toEqual(changes);
        const sel = new Set(req.cells);
        expect(plan.preview.draggedIn).toEqual(gained.filter((c) => !sel.has(c)));
        if (req.action === 'add' && !req.moveFrom) expect(lost).toEqual([]);
      }),
      { numRuns: 400 }
    );
  }, 120_000);
});
