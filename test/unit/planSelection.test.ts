import { describe, expect, it } from 'vitest';
import { cellIndex as c } from '../../shared/ap';
import { appendToPlan, composePlans, emptyPlan, planSelection, undoLastEdit } from '../../shared/plan/planner';
import { makeHost, UUID1, UUID2, UUID3 } from './planFixtures';

/** The three-guest example of vfio-ap.rst (docs/kernel-model.md §11), plus adapter 7 and domain 5 for the host. */
function demo(era: 'E1' | 'E3' = 'E3', attached = false) {
  const all = Array.from({ length: 256 }, (_, i) => i);
  return makeHost({
    era,
    adapters: [5, 6, 7],
    domains: [4, 5, 0x47, 0xab, 0xff],
    apmask: all.filter((a) => a !== 5 && a !== 6),
    aqmask: all.filter((d) => ![4, 0x47, 0xab, 0xff].includes(d)),
    mdevs: [
      { uuid: UUID1, apm: [5, 6], aqm: [4, 0xab], adm: [4, 0xab], guest: 'Guest1', attached },
      { uuid: UUID2, apm: [5], aqm: [0x47, 0xff], adm: [0x47, 0xff], guest: 'Guest2' },
      { uuid: UUID3, apm: [6], aqm: [0x47, 0xff], adm: [0x47, 0xff], guest: 'Guest3' }
    ]
  });
}
const NEW = '11111111-2222-4333-8444-555555555555';

describe('planSelection on the three-guest example', () => {
  it('refuses to give Guest1 a queue of Guest2, naming Guest2', () => {
    const p = planSelection(demo(), { target: { kind: 'mdev', uuid: UUID1 }, action: 'add', cells: [c(5, 0x47)] });
    expect(p.operations).toEqual([]);
    expect(p.refusals.join(' ')).toMatch(/05\.0047 belongs to mdev cef03c3c… \(Guest2\)/);
  });

  it('names the queues the cartesian product drags in when refusing', () => {
    const p = planSelection(demo(), { target: { kind: 'mdev', uuid: UUID2 }, action: 'add', cells: [c(6, 0x47)] });
    expect(p.refusals).toHaveLength(1);
    expect(p.refusals[0]).toMatch(/06\.0047 and 06\.00ff belong to mdev 0fe903a0… \(Guest3\)/);
    expect(p.refusals[0]).toMatch(/06\.00ff comes with the cartesian product/);
  });

  it('creates a new mdev first and assigns a free queue with its control domain', () => {
    const p = planSelection(demo(), { target: { kind: 'new-mdev', uuid: NEW }, action: 'add', cells: [c(7, 4)] });
    expect(p.refusals).toEqual([]);
    expect(p.operations).toEqual([
      { kind: 'create-mdev', uuid: NEW },
      { kind: 'assign-adapter', uuid: NEW, id: 7 },
      { kind: 'assign-domain', uuid: NEW, id: 4 },
      { kind: 'assign-control-domain', uuid: NEW, id: 4 }
    ]);
    expect(p.preview.gained).toEqual([c(7, 4)]);
    expect(p.preview.draggedIn).toEqual([]);
    expect(p.target).toBe(NEW);
  });

  it('leaves control domains alone when the toggle is off', () => {
    const p = planSelection(demo(), {
      target: { kind: 'new-mdev', uuid: NEW },
      action: 'add',
      cells: [c(7, 4)],
      controlFollowsUsage: false
    });
    expect(p.operations.map((o) => o.kind)).toEqual(['create-mdev', 'assign-adapter', 'assign-domain']);
  });

  it('frees a host queue before assigning it, choosing the cheaper line', () => {
    const p = planSelection(demo(), { target: { kind: 'new-mdev', uuid: NEW }, action: 'add', cells: [c(7, 5)] });
    expect(p.refusals).toEqual([]);
    // adapter 7 has no other queue devices on host domains; domain 5 has none either but
    // more host cells (254 vs 252 mask bits), so adapter 7 is freed
    expect(p.operations).toEqual([
      { kind: 'create-mdev', uuid: NEW },
      { kind: 'apmask', set: [], clear: [7] },
      { kind: 'assign-adapter', uuid: NEW, id: 7 },
      { kind: 'assign-domain', uuid: NEW, id: 5 },
      { kind: 'assign-control-domain', uuid: NEW, id: 5 }
    ]);
    const freed = p.preview.owners.filter((o) => o.from === 'host' && o.to === 'free');
    expect(freed.length).toBe(251); // the rest of adapter 7's host cells
  });

  it('refuses on every era to give the host a queue of an mdev, naming it', () => {
    for (const era of ['E1', 'E3'] as const) {
      const p = planSelection(demo(era), { target: { kind: 'host' }, action: 'add', cells: [c(5, 4)] });
      expect(p.operations).toEqual([]);
      expect(p.refusals[0]).toMatch(/05\.0004 belongs to mdev 62177883… \(Guest1\); giving it back to the host is refused/);
    }
  });

  it('reclaims a free queue with the bits it lacks', () => {
    const p = planSelection(demo(), { target: { kind: 'host' }, action: 'add', cells: [c(7, 4)] });
    expect(p.refusals).toEqual([]);
    expect(p.operations).toEqual([{ kind: 'aqmask', set: [4], clear: [] }]);
    expect(p.preview.gained).toContain(c(7, 4));
    expect(p.preview.draggedIn).not.toContain(c(7, 4));
    expect(p.preview.draggedIn.length).toBe(253); // domain 4 on every other host adapter
  });

  it('frees host queues with the minimum cover', () => {
    const p = planSelection(demo(), { target: { kind: 'host' }, action: 'remove', cells: [c(7, 5), c(8, 5), c(9, 5)] });
    expect(p.operations).toEqual([{ kind: 'aqmask', set: [], clear: [5] }]);
    expect(p.preview.lost.length).toBe(254);
  });

  it('removes from an mdev on the side that loses fewer other queues, or the side asked', () => {
    const host = demo();
    // Guest2 = 05 x {0047, 00ff}: removing 05.0047 by adapter loses 05.00ff, by domain loses nothing
    const p = planSelection(host, { target: { kind: 'mdev', uuid: UUID2 }, action: 'remove', cells: [c(5, 0x47)] });
    expect(p.operations).toEqual([
      { kind: 'unassign-domain', uuid: UUID2, id: 0x47 },
      { kind: 'unassign-control-domain', uuid: UUID2, id: 0x47 }
    ]);
    expect(p.preview.lost).toEqual([c(5, 0x47)]);
    const q = planSelection(host, { target: { kind: 'mdev', uuid: UUID2 }, action: 'remove', cells: [c(5, 0x47)], side: 'adapter' });
    expect(q.operations).toEqual([{ kind: 'unassign-adapter', uuid: UUID2, id: 5 }]);
    expect(q.preview.lost).toEqual([c(5, 0x47), c(5, 0xff)]);
    expect(q.preview.owners.every((o) => o.to === 'free')).toBe(true);
  });

  it('moves queues: unassign from the old mdev before assigning to the new', () => {
    const p = planSelection(demo(), {
      target: { kind: 'mdev', uuid: UUID3 },
      action: 'add',
      cells: [c(5, 0x47), c(5, 0xff)],
      moveFrom: UUID2
    });
    expect(p.refusals).toEqual([]);
    expect(p.operations).toEqual([
      { kind: 'unassign-adapter', uuid: UUID2, id: 5 },
      { kind: 'assign-adapter', uuid: UUID3, id: 5 }
    ]);
    expect(p.preview.owners).toEqual([
      { cell: c(5, 0x47), from: UUID2, to: UUID3 },
      { cell: c(5, 0xff), from: UUID2, to: UUID3 }
    ]);
  });

  it('refuses a move whose product still needs a queue the old mdev keeps', () => {
    const p = planSelection(demo(), { target: { kind: 'mdev', uuid: UUID3 }, action: 'add', cells: [c(5, 0x47)], moveFrom: UUID2 });
    expect(p.operations).toEqual([]);
    expect(p.refusals.join(' ')).toMatch(/05\.00ff belongs to mdev cef03c3c… \(Guest2\)/);
  });

  it('refuses changes to an mdev in use on kernels before 6.0 (EBUSY)', () => {
    const p = planSelection(demo('E1', true), { target: { kind: 'mdev', uuid: UUID1 }, action: 'remove', cells: [c(5, 4)] });
    expect(p.refusals[0]).toMatch(/EBUSY/);
    const q = planSelection(demo('E3', true), { target: { kind: 'mdev', uuid: UUID1 }, action: 'remove', cells: [c(5, 4)] });
    expect(q.refusals).toEqual([]);
  });

  it('refuses ids above the maximum and queues without a device on E1', () => {
    const host = { ...demo('E1'), maxDomain: 0x54 };
    const p = planSelection(host, { target: { kind: 'new-mdev', uuid: NEW }, action: 'add', cells: [c(7, 0x60)] });
    expect(p.refusals[0]).toMatch(/domain 0x0060 is above the highest domain id 0x0054.*ENODEV/);
    const q = planSelection(demo('E1'), { target: { kind: 'new-mdev', uuid: NEW }, action: 'add', cells: [c(8, 4)] });
    expect(q.refusals[0]).toMatch(/08\.0004 has no queue device.*EADDRNOTAVAIL/);
  });

  it('refuses a new mdev with a UUID in use (EEXIST)', () => {
    const p = planSelection(demo(), { target: { kind: 'new-mdev', uuid: UUID1 }, action: 'add', cells: [c(7, 4)] });
    expect(p.refusals[0]).toMatch(/already exists.*EEXIST/);
  });

  it('makes up a fresh UUID for a new mdev when none is given', () => {
    const p = planSelection(demo(), { target: { kind: 'new-mdev' }, action: 'add', cells: [c(7, 4)] });
    expect(p.operations[0]).toMatchObject({ kind: 'create-mdev' });
    expect(p.target).toMatch(/^[0-9a-f]{8}-/);
  });
});

describe('accumulating edits into one plan', () => {
  it('appends accepted changes, skips refused ones, undoes the last edit and composes plans', () => {
    const host = demo();
    const a = planSelection(host, { target: { kind: 'new-mdev', uuid: NEW }, action: 'add', cells: [c(7, 4)] });
    const refused = planSelection(host, { target: { kind: 'mdev', uuid: UUID1 }, action: 'add', cells: [c(5, 0x47)] });
    const b = planSelection(host, { target: { kind: 'host' }, action: 'remove', cells: [c(9, 5)] });
    let plan = appendToPlan(emptyPlan('edits'), a);
    plan = appendToPlan(plan, refused);
    plan = appendToPlan(plan, b);
    expect(plan.operations).toEqual([...a.operations, ...b.operations]);
    expect(plan.edits.map((e) => e.count)).toEqual([a.operations.length, b.operations.length]);
    const undone = undoLastEdit(plan);
    expect(undone.operations).toEqual(a.operations);
    expect(undoLastEdit(undoLastEdit(undone)).operations).toEqual([]);
    const both = composePlans(undone, { title: 'raw', operations: b.operations });
    expect(both.operations).toEqual(plan.operations);
    expect(both.edits.map((e) => e.title)).toEqual([a.title, 'raw']);
  });
});
