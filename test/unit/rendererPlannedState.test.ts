/**
 * One model of a plan's effect (issue 12.2): whatever plan the editor holds,
 * the state the grid draws (afterIndex, afterLayers) is the state validation
 * predicts (shared/plan validatePlan), and the verdicts shown are validation's.
 * Random plans come two ways: edits made through the store as a user makes
 * them (clicks and rectangles on any target), and raw operations as a plan
 * file or a rollback brings them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSIGN_KINDS, type Operation } from '../../shared/plan/operations';
import { validateSafely } from '../../shared/plan/safety';
import type { HostState } from '../../shared/host/hostState';
import { DEMO_UUIDS, LEGACY_UUIDS } from '../../shared/kernel';
import { indexHost } from '../../renderer/src/model/hostIndex';
import { computeLayers } from '../../renderer/src/model/layers';
import { createAppStore } from '../../renderer/src/store/store';
import type { AppStore } from '../../renderer/src/store/store';
import { scenarioHost } from './rendererFixtures';

const HOSTS = { demo: scenarioHost('demo'), legacy: scenarioHost('legacy') };
const FRESH = '0badc0de-1111-4222-8333-444455556666';
const UUIDS = [...Object.values(DEMO_UUIDS), ...Object.values(LEGACY_UUIDS), FRESH];
const ID = fc.constantFrom(0x00, 0x01, 0x05, 0x06, 0x0e, 0x3f, 0x47, 0xab, 0xff, 0x03);

const opArb: fc.Arbitrary<Operation> = fc.oneof(
  fc
    .record({
      kind: fc.constantFrom('apmask' as const, 'aqmask' as const),
      set: fc.uniqueArray(ID, { maxLength: 2 }),
      clear: fc.uniqueArray(ID, { maxLength: 2 })
    })
    .map((o) => ({ ...o, clear: o.clear.filter((c) => !o.set.includes(c)) })),
  fc.record({ kind: fc.constant('create-mdev' as const), uuid: fc.constantFrom(...UUIDS) }),
  fc.record({ kind: fc.constant('remove-mdev' as const), uuid: fc.constantFrom(...UUIDS) }),
  fc.record({ kind: fc.constantFrom(...ASSIGN_KINDS), uuid: fc.constantFrom(...UUIDS), id: ID })
);

const editArb = fc.record({
  target: fc.constantFrom<'host' | 'new' | number>('host', 'new', 0, 1, 2),
  action: fc.constantFrom('add' as const, 'remove' as const),
  a0: ID,
  a1: ID,
  d0: ID,
  d1: ID,
  click: fc.boolean()
});

function storeOn(host: HostState): AppStore {
  const store = createAppStore();
  store.getState().setHost(host, []);
  store.getState().setCompact(false);
  return store;
}

/** The grid's planned state equals validation's prediction, field by field and layer by layer. */
function expectGridIsValidation(store: AppStore): void {
  const s = store.getState();
  const ops = s.composed?.operations ?? [];
  const v = validateSafely(s.host!, { title: 't', operations: ops });
  const shown = s.afterIndex!.host;
  const predicted = ops.length ? v.after : s.host!;
  expect({ apmask: shown.apmask, aqmask: shown.aqmask, mdevs: shown.mdevs }).toEqual({
    apmask: predicted.apmask,
    aqmask: predicted.aqmask,
    mdevs: predicted.mdevs
  });
  expect(shown.queues.map((q) => [q.driver, q.status])).toEqual(predicted.queues.map((q) => [q.driver, q.status]));
  const want = computeLayers(indexHost(predicted));
  const got = s.afterLayers!;
  for (const k of ['lpar', 'host', 'owner', 'guest', 'conflict'] as const)
    expect(Buffer.from(got[k].buffer).equals(Buffer.from(want[k].buffer)), `layer ${k}`).toBe(true);
  if (ops.length)
    expect(s.verdicts?.map((x) => x.errno)).toEqual(v.verdicts.map((x, i) => (v.unsafe?.some((u) => u.step === i) ? 'UNSAFE' : x.errno)));
}

describe('the grid shows validation’s prediction', () => {
  it('for random plans of raw operations (plan files, rollbacks) on the demo and legacy hosts', () => {
    fc.assert(
      fc.property(fc.constantFrom('demo' as const, 'legacy' as const), fc.array(opArb, { minLength: 1, maxLength: 8 }), (name, ops) => {
        const store = storeOn(HOSTS[name]);
        store.getState().loadRawPlan('random', ops);
        expectGridIsValidation(store);
      }),
      { numRuns: 60 }
    );
  });

  it('for random plans built by clicks and rectangles on every kind of target', () => {
    fc.assert(
      fc.property(fc.constantFrom('demo' as const, 'legacy' as const), fc.array(editArb, { minLength: 1, maxLength: 5 }), (name, edits) => {
        const store = storeOn(HOSTS[name]);
        for (const e of edits) {
          const st = store.getState();
          const mdevs = st.afterIndex!.mdevs;
          if (e.target === 'host') st.setTarget({ kind: 'host' });
          else if (e.target === 'new') st.newMdevTarget();
          else if (mdevs.length) st.setTarget({ kind: 'mdev', uuid: mdevs[e.target % mdevs.length].info.uuid });
          if (e.click) {
            store.getState().toggleCell((e.a0 << 8) | e.d0);
            if (store.getState().pendingClick) store.getState().commitSelection();
          } else {
            store.getState().setPlanAction(e.action);
            store.getState().setDrag({
              rect: { a0: Math.min(e.a0, e.a1), a1: Math.max(e.a0, e.a1), d0: Math.min(e.d0, e.d1), d1: Math.max(e.d0, e.d1) },
              mode: 'replace'
            });
            store.getState().commitDrag();
            store.getState().commitSelection();
          }
          expectGridIsValidation(store);
        }
      }),
      { numRuns: 40 }
    );
  });
});
