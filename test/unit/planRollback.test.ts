import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ASSIGN_KINDS } from '../../shared/plan/operations';
import { maskToHex } from '../../shared/ap';
import { createKernel } from '../../shared/kernel/kernel';
import { cloneKernelState } from '../../shared/kernel/state';
import type { KernelState } from '../../shared/kernel/types';
import { opPath, opPayload, type Operation } from '../../shared/plan/operations';
import { rollbackPlan } from '../../shared/plan/rollback';
import { GUESTS, hostFromKernel, kernelStateArb, makeHost, UUID1, UUID2, UUID3 } from './planFixtures';

const NEW = '11111111-2222-4333-8444-555555555555';

/** Runs ops until the first failure; returns how many landed. */
function run(state: KernelState, ops: Operation[]): number {
  const k = createKernel(state);
  let n = 0;
  for (const op of ops) {
    try {
      k.write(opPath(op), opPayload(op) + '\n');
      n++;
    } catch {
      break;
    }
  }
  return n;
}

/** masks and matrices, in creation order (the shadow is allowed to differ, §7.3) */
function picture(s: KernelState): string {
  return JSON.stringify({
    apmask: maskToHex(s.apmask),
    aqmask: maskToHex(s.aqmask),
    mdevs: s.mdevs.map((m) => [m.uuid, maskToHex(m.apm), maskToHex(m.aqm), maskToHex(m.adm)]).sort()
  });
}

describe('rollbackPlan', () => {
  const host = makeHost({ apmask: [0, 1, 2], aqmask: [0, 1, 2], mdevs: [{ uuid: UUID1, apm: [3], aqm: [3, 4], adm: [3] }] });

  it('inverts in reverse order and skips no-ops', () => {
    const plan = {
      title: 'p',
      operations: [
        { kind: 'apmask', set: [0, 7], clear: [1] },
        { kind: 'create-mdev', uuid: NEW },
        { kind: 'assign-adapter', uuid: UUID1, id: 3 },
        { kind: 'assign-domain', uuid: UUID1, id: 5 }
      ] as Operation[]
    };
    expect(rollbackPlan(host, plan, 4).operations).toEqual([
      { kind: 'unassign-domain', uuid: UUID1, id: 5 },
      { kind: 'remove-mdev', uuid: NEW },
      { kind: 'apmask', set: [1], clear: [7] }
    ]);
    expect(rollbackPlan(host, plan, 1).title).toMatch(/first 1 step of "p"/);
  });

  it('re-creates a removed mdev with its matrix (ap_config on E3, assigns on E1)', () => {
    const plan = { title: 'p', operations: [{ kind: 'remove-mdev', uuid: UUID1 }] as Operation[] };
    expect(rollbackPlan(host, plan, 1).operations).toEqual([
      { kind: 'create-mdev', uuid: UUID1 },
      { kind: 'ap-config', uuid: UUID1, apm: [3], aqm: [3, 4], adm: [3] }
    ]);
    const e1 = { ...host, era: 'E1' as const };
    expect(rollbackPlan(e1, plan, 1).operations).toEqual([
      { kind: 'create-mdev', uuid: UUID1 },
      { kind: 'assign-adapter', uuid: UUID1, id: 3 },
      { kind: 'assign-domain', uuid: UUID1, id: 3 },
      { kind: 'assign-domain', uuid: UUID1, id: 4 },
      { kind: 'assign-control-domain', uuid: UUID1, id: 3 }
    ]);
  });

  it('restores the old matrix after ap-config', () => {
    const plan = { title: 'p', operations: [{ kind: 'ap-config', uuid: UUID1, apm: [4], aqm: [4], adm: [] }] as Operation[] };
    expect(rollbackPlan(host, plan, 1).operations).toEqual([{ kind: 'ap-config', uuid: UUID1, apm: [3], aqm: [3, 4], adm: [3] }]);
  });

  const uuid = fc.constantFrom(UUID1, UUID2, UUID3, NEW);
  const ids = fc.subarray([0, 1, 2, 3, 4, 5]);
  const id = fc.integer({ min: 0, max: 5 });
  const opArb = (era: 'E1' | 'E3') =>
    fc.oneof(
      fc
        .record({ kind: fc.constantFrom('apmask' as const, 'aqmask' as const), set: ids, clear: ids })
        .filter((o) => o.set.length + o.clear.length > 0),
      fc.record({ kind: fc.constantFrom('create-mdev' as const, 'remove-mdev' as const), uuid }),
      fc.record({
        kind: fc.constantFrom(...ASSIGN_KINDS),
        uuid,
        id
      }),
      ...(era === 'E3' ? [fc.record({ kind: fc.constant('ap-config' as const), uuid, apm: ids, aqm: ids, adm: ids })] : [])
    ) as fc.Arbitrary<Operation>;

  it('prefix then rollback gives back the original masks and matrices (random plans, E1 and E3)', () => {
    let nontrivial = 0;
    fc.assert(
      fc.property(
        kernelStateArb().chain((s) => fc.tuple(fc.constant(s), fc.array(opArb(s.era), { maxLength: 12 }), fc.nat())),
        ([state, ops, cut]) => {
          const original = picture(state);
          const host = hostFromKernel(cloneKernelState(state), GUESTS);
          const live = cloneKernelState(state);
          const landedAll = run(live, ops);
          // any prefix of what landed
          const landed = landedAll === 0 ? 0 : cut % (landedAll + 1);
          const s2 = cloneKernelState(state);
          expect(run(s2, ops.slice(0, landed))).toBe(landed);
          const back = rollbackPlan(host, { title: 'p', operations: ops }, landed);
          const done = run(s2, back.operations);
          expect(done).toBe(back.operations.length);
          expect(picture(s2)).toBe(original);
          if (back.operations.length) nontrivial++;
        }
      ),
      { numRuns: 300 }
    );
    expect(nontrivial).toBeGreaterThan(40);
  }, 120_000);
});
