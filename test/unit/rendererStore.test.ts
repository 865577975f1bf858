import { describe, expect, it } from 'vitest';
import { cellIndex, qsCells } from '../../shared/ap';
import { DEMO_UUIDS } from '../../shared/kernel';
import { createAppStore } from '../../renderer/src/store/store';
import { scenarioHost } from './rendererFixtures';

function demoStore() {
  const store = createAppStore();
  store.getState().setHost(scenarioHost('demo'), []);
  return store;
}

describe('store slices on the demo host', () => {
  it('a click toggles a queue for the target mdev: one edit, undo and redo of the whole plan', () => {
    const store = demoStore();
    const st = store.getState();
    st.setTarget({ kind: 'mdev', uuid: DEMO_UUIDS.Guest2 });
    expect(st.targetHolds(cellIndex(0x05, 0x47))).toBe(true);
    // 05.00ab is Guest1's; pick a free domain of a free row instead: domain 0x0a on adapter 0x05
    const cell = cellIndex(0x05, 0x0a);
    expect(store.getState().targetHolds(cell)).toBe(false);
    store.getState().toggleCell(cell);
    // the cartesian product brings 01.000a along: the click waits for confirmation
    expect(store.getState().pendingClick?.reasons.join(' ')).toMatch(/brings in 1 more queue/);
    store.getState().commitSelection();
    const ops = store.getState().composed!.operations;
    expect(ops.length).toBeGreaterThan(0);
    expect(ops).toContainEqual({ kind: 'assign-domain', uuid: DEMO_UUIDS.Guest2, id: 0x0a });
    // the planned state now gives the queue to Guest2, so a second click removes it again
    expect(store.getState().targetHolds(cell)).toBe(true);
    expect(store.getState().planDiff![cell]).not.toBe(0);
    store.getState().undo();
    expect(store.getState().composed!.operations).toEqual([]);
    expect(store.getState().targetHolds(cell)).toBe(false);
    store.getState().redo();
    expect(store.getState().composed!.operations).toEqual(ops);
  });

  it('a drag rectangle previews gained queues and marks the ones the cartesian product drags in', () => {
    const store = demoStore();
    store.getState().setCompact(false);
    store.getState().setTarget({ kind: 'mdev', uuid: DEMO_UUIDS.Guest2 });
    // a 1 x 2 rectangle on adapter 0x05, domains 0x08..0x09: Guest2 has adapters 01 and 05, so 01.0008/01.0009 come along
    store.getState().setDrag({ rect: { a0: 0x05, a1: 0x05, d0: 0x08, d1: 0x09 }, mode: 'replace' });
    const p = store.getState().preview!.preview;
    expect(p.gained).toEqual(
      expect.arrayContaining([cellIndex(0x05, 0x08), cellIndex(0x05, 0x09), cellIndex(0x01, 0x08), cellIndex(0x01, 0x09)])
    );
    expect(p.draggedIn).toEqual(expect.arrayContaining([cellIndex(0x01, 0x08), cellIndex(0x01, 0x09)]));
    expect(p.draggedIn).not.toContain(cellIndex(0x05, 0x08));
    // freeing domains 08 and 09 takes 00.0008 from the host: shown as a change of another owner
    expect(p.others).toContain(cellIndex(0x00, 0x08));
    expect(p.others).not.toContain(cellIndex(0x05, 0x08));
    store.getState().commitDrag();
    expect(qsCells(store.getState().selected)).toEqual([cellIndex(0x05, 0x08), cellIndex(0x05, 0x09)]);
    store.getState().commitSelection();
    expect(store.getState().composed!.operations.length).toBeGreaterThan(0);
    expect(store.getState().selectedCount).toBe(0);
  });

  it('shift adds to and alt removes from the selection', () => {
    const store = demoStore();
    store.getState().setCompact(false);
    store.getState().selectCells([cellIndex(1, 1)], 'replace');
    store.getState().setDrag({ rect: { a0: 2, a1: 2, d0: 1, d1: 2 }, mode: 'add' });
    store.getState().commitDrag();
    expect(qsCells(store.getState().selected)).toEqual([cellIndex(1, 1), cellIndex(2, 1), cellIndex(2, 2)]);
    store.getState().setDrag({ rect: { a0: 1, a1: 2, d0: 1, d1: 1 }, mode: 'remove' });
    store.getState().commitDrag();
    expect(qsCells(store.getState().selected)).toEqual([cellIndex(2, 2)]);
  });

  it('compact axes hide unused ids and a drag never selects a hidden id', () => {
    const store = demoStore();
    const { axes } = store.getState();
    expect(axes.rows.length).toBeLessThan(256);
    const hiddenRow = [...Array(256).keys()].find((a) => !axes.rowShown[a] && a > axes.rows[0] && a < axes.rows[axes.rows.length - 1])!;
    store
      .getState()
      .setDrag({ rect: { a0: axes.rows[0], a1: axes.rows[axes.rows.length - 1], d0: axes.cols[0], d1: axes.cols[0] }, mode: 'replace' });
    store.getState().commitDrag();
    const cells = qsCells(store.getState().selected);
    expect(cells.length).toBe(axes.rows.length);
    expect(cells.some((c) => c >> 8 === hiddenRow)).toBe(false);
  });

  it('the host target refuses to reclaim a queue an mdev holds, and says which', () => {
    const store = demoStore();
    store.getState().setTarget({ kind: 'host' });
    store.getState().setPlanAction('add');
    store.getState().selectCells([cellIndex(0x05, 0x47)], 'replace');
    const pr = store.getState().preview!;
    expect(pr.operations).toEqual([]);
    expect(pr.refusals.join(' ')).toMatch(/Guest2|cef03c3c/);
  });

  it('a new mdev target creates the mdev first, then becomes that mdev', () => {
    const store = demoStore();
    store.getState().newMdevTarget();
    const t = store.getState().target;
    expect(t.kind).toBe('new-mdev');
    const free = store
      .getState()
      .host!.queues.find(
        (q) =>
          q.driver === 'vfio_ap' &&
          !store
            .getState()
            .hostIndex!.mdevs.some(
              (m) => m.apm[q.adapter >> 3] & (0x80 >> (q.adapter & 7)) && m.aqm[q.domain >> 3] & (0x80 >> (q.domain & 7))
            )
      );
    expect(free).toBeDefined();
    store.getState().toggleCell(cellIndex(free!.adapter, free!.domain));
    const ops = store.getState().composed!.operations;
    expect(ops[0]).toEqual({ kind: 'create-mdev', uuid: (t as { uuid: string }).uuid });
    expect(store.getState().effectiveTarget()).toEqual({ kind: 'mdev', uuid: (t as { uuid: string }).uuid });
  });

  it('take-from moves queues: unassign from the old mdev before assigning to the new one', () => {
    const store = demoStore();
    store.getState().setTarget({ kind: 'mdev', uuid: DEMO_UUIDS.Guest3 });
    store.getState().setMoveFrom(DEMO_UUIDS.Guest2);
    store.getState().selectCells([cellIndex(0x05, 0x47), cellIndex(0x05, 0xff)], 'replace');
    const pr = store.getState().preview!;
    expect(pr.refusals).toEqual([]);
    expect(pr.operations).toEqual([
      { kind: 'unassign-adapter', uuid: DEMO_UUIDS.Guest2, id: 5 },
      { kind: 'assign-adapter', uuid: DEMO_UUIDS.Guest3, id: 5 }
    ]);
    store.getState().commitSelection();
    expect(store.getState().composed!.operations).toEqual(pr.operations);
    // without take-from the same selection is refused: the queues are Guest2's
    store.getState().undo();
    store.getState().setMoveFrom(null);
    store.getState().selectCells([cellIndex(0x05, 0x47)], 'replace');
    expect(store.getState().preview!.operations).toEqual([]);
    expect(store.getState().preview!.refusals.length).toBeGreaterThan(0);
  });
});
