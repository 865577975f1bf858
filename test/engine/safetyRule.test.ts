/**
 * The safety rule on every era (shared/plan/safety): a plan that gives an
 * mdev's queue back to the host is refused by validation, apply and export,
 * even on a 5.15 host whose kernel would accept the mask write (§2.1, §10).
 * Through the real router on the in-process kernel model.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_UUIDS } from '../../shared/kernel';
import type { Plan } from '../../shared/plan/operations';
import { demoRouterPerTest } from './demoRouter';

const { Guest2: GUEST2, Guest3: GUEST3 } = DEMO_UUIDS;
const connect = demoRouterPerTest('apmx-safety-');

// domain 0xff is assigned to Guest2 (adapters 01, 05) and Guest3 (06, 3f); only adapter 01 is
// still the host's in apmask, so giving 0xff back to the host takes 01.00ff from Guest2
const RECLAIM: Plan = { title: 'give domain 0xff back to the host', operations: [{ kind: 'aqmask', set: [0xff], clear: [] }] };
const UNASSIGN_THEN_RECLAIM: Plan = {
  title: 'take 0xff from both guests, then give it to the host',
  operations: [
    { kind: 'unassign-domain', uuid: GUEST2, id: 0xff },
    { kind: 'unassign-domain', uuid: GUEST3, id: 0xff },
    { kind: 'aqmask', set: [0xff], clear: [] }
  ]
};

// apmask: adapter 05 is freed, and Guest2 holds it with domain 0x0e, which aqmask keeps for the
// host; setting apmask bit 05 would give 05.000e back to the host (Guest1's 05 x {04, ab} stays
// in the pool: aqmask has neither domain)
const RECLAIM_ADAPTER: Plan = { title: 'give adapter 05 back to the host', operations: [{ kind: 'apmask', set: [0x05], clear: [] }] };

describe('never hand an mdev adapter back to the host with apmask (issue 8 point 11)', () => {
  it.each([
    ['E1', null],
    ['E3', 'EBUSY']
  ] as const)('%s: the rule names Guest2 and 05.000e; the kernel answers %s', async (era, errno) => {
    const { r, c } = await connect(era);
    const v = await r.validatePlan({ connectionId: c.connectionId, plan: RECLAIM_ADAPTER });
    expect(v.verdicts[0].errno).toBe(errno);
    expect(v.unsafe?.map((u) => [u.step, u.mdev, u.cells])).toEqual([[0, GUEST2, [0x050e]]]);
    expect(v.unsafe?.[0].message).toMatch(
      /^step 1 would give 05\.000e back to the host while Guest2 \(mdev cef03c3c-903d-4ecc-9a83-40694cb8aee4\) has them assigned/
    );
    await expect(r.exportPlan({ connectionId: c.connectionId, plan: RECLAIM_ADAPTER, format: 'sh' })).rejects.toThrow(
      /not exported: step 1 would give 05\.000e/
    );
    const result = await r.applyPlan({ connectionId: c.connectionId, plan: RECLAIM_ADAPTER, fingerprint: c.host.fingerprint });
    expect(result).toMatchObject({ ok: false, landed: 0 });
    expect(result.host.apmask).toBe(c.host.apmask);
  });

  it('E1: unassigning the adapter from Guest2 first makes the same write safe', async () => {
    const { r, c } = await connect('E1');
    const plan: Plan = {
      title: 'free 05 from Guest2, then give it to the host',
      operations: [{ kind: 'unassign-adapter', uuid: GUEST2, id: 0x05 }, ...RECLAIM_ADAPTER.operations]
    };
    const v = await r.validatePlan({ connectionId: c.connectionId, plan });
    expect(v.unsafe).toEqual([]);
    expect(v.firstFailure).toBe(-1);
  });
});

describe('never hand an mdev queue back to the host', () => {
  it('5.15: the kernel would accept the write, AP Matrix refuses it in validation, apply and export', async () => {
    const { r, c } = await connect('E1');
    const v = await r.validatePlan({ connectionId: c.connectionId, plan: RECLAIM });
    expect(v.verdicts[0].errno).toBeNull(); // what the 5.15 kernel answers
    expect(v.unsafe?.map((u) => u.mdev)).toEqual([GUEST2]);
    expect(v.unsafe?.[0].cells).toEqual([0x01ff]);
    expect(v.unsafe?.[0].message).toMatch(
      /^step 1 would give 01\.00ff back to the host while Guest2 \(mdev cef03c3c-903d-4ecc-9a83-40694cb8aee4\) has them assigned/
    );

    await expect(r.exportPlan({ connectionId: c.connectionId, plan: RECLAIM, format: 'sh' })).rejects.toThrow(
      /not exported: step 1 would give/
    );
    await expect(r.exportPlan({ connectionId: c.connectionId, plan: RECLAIM, format: 'chzdev' })).rejects.toThrow(/not exported/);

    const result = await r.applyPlan({ connectionId: c.connectionId, plan: RECLAIM, fingerprint: c.host.fingerprint });
    expect(result.ok).toBe(false);
    expect(result.landed).toBe(0);
    expect(result.error).toMatch(/back to the host .*nothing was written$/);
    expect(result.host.aqmask).toBe(c.host.aqmask);
  });

  it('6.x: the kernel answers EBUSY and the rule names the same holders', async () => {
    const { r, c } = await connect('E3');
    const v = await r.validatePlan({ connectionId: c.connectionId, plan: RECLAIM });
    expect(v.verdicts[0].errno).toBe('EBUSY');
    expect(v.unsafe?.map((u) => u.mdev)).toEqual([GUEST2]);
  });

  it('unassigning first makes the same mask write safe, and it applies', async () => {
    const { r, c } = await connect('E1');
    const v = await r.validatePlan({ connectionId: c.connectionId, plan: UNASSIGN_THEN_RECLAIM });
    expect(v.unsafe).toEqual([]);
    expect(v.firstFailure).toBe(-1);
    const result = await r.applyPlan({ connectionId: c.connectionId, plan: UNASSIGN_THEN_RECLAIM, fingerprint: c.host.fingerprint });
    expect(result.error).toBeNull();
    expect(result.landed).toBe(3);
    expect(result.host.aqmask).not.toBe(c.host.aqmask);
  });
});
