import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IDLE, dragStep, rectOf, type DragEvent, type DragState } from '../../renderer/src/grid/dragMachine';

const cell = (adapter: number, domain: number) => ({ adapter, domain });

describe('drag state machine', () => {
  it('press and release on one cell is a click', () => {
    let s: DragState = IDLE;
    s = dragStep(s, { type: 'down', cell: cell(5, 0x47), shift: false, alt: false }).state;
    expect(s.kind).toBe('pointing');
    s = dragStep(s, { type: 'move', cell: cell(5, 0x47) }).state;
    const r = dragStep(s, { type: 'up' });
    expect(r.effect).toEqual({ type: 'click', cell: cell(5, 0x47), shift: false, alt: false });
    expect(r.state).toBe(IDLE);
  });

  it('moving to another cell brushes a normalized rectangle, and release commits it', () => {
    let s: DragState = dragStep(IDLE, { type: 'down', cell: cell(7, 9), shift: false, alt: false }).state;
    const m = dragStep(s, { type: 'move', cell: cell(5, 4) });
    expect(m.effect).toEqual({ type: 'rect', rect: { a0: 5, a1: 7, d0: 4, d1: 9 }, mode: 'replace' });
    s = m.state;
    expect(dragStep(s, { type: 'move', cell: cell(5, 4) }).effect).toEqual({ type: 'none' });
    expect(dragStep(s, { type: 'up' }).effect).toEqual({ type: 'commit' });
  });

  it('shift adds and alt removes', () => {
    const add = dragStep(dragStep(IDLE, { type: 'down', cell: cell(1, 1), shift: true, alt: false }).state, {
      type: 'move',
      cell: cell(2, 2)
    });
    expect(add.effect).toMatchObject({ mode: 'add' });
    const rem = dragStep(dragStep(IDLE, { type: 'down', cell: cell(1, 1), shift: true, alt: true }).state, {
      type: 'move',
      cell: cell(2, 2)
    });
    expect(rem.effect).toMatchObject({ mode: 'remove' });
  });

  it('cancel while brushing aborts; moves while idle do nothing', () => {
    const s = dragStep(dragStep(IDLE, { type: 'down', cell: cell(1, 1), shift: false, alt: false }).state, {
      type: 'move',
      cell: cell(3, 3)
    }).state;
    expect(dragStep(s, { type: 'cancel' }).effect).toEqual({ type: 'abort' });
    expect(dragStep(IDLE, { type: 'move', cell: cell(3, 3) }).effect).toEqual({ type: 'none' });
    expect(dragStep(IDLE, { type: 'up' }).effect).toEqual({ type: 'none' });
  });

  it('any event sequence ends idle after up, and every rectangle contains its start cell', () => {
    const id = fc.integer({ min: 0, max: 255 });
    const ev: fc.Arbitrary<DragEvent> = fc.oneof(
      fc.record({
        type: fc.constant('down' as const),
        cell: fc.record({ adapter: id, domain: id }),
        shift: fc.boolean(),
        alt: fc.boolean()
      }),
      fc.record({ type: fc.constant('move' as const), cell: fc.record({ adapter: id, domain: id }) }),
      fc.constant({ type: 'cancel' as const })
    );
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 30 }), (events) => {
        let s: DragState = IDLE;
        let start: { adapter: number; domain: number } | null = null;
        for (const e of events) {
          if (e.type === 'down') start = e.cell;
          const r = dragStep(s, e);
          if (r.effect.type === 'rect' && start) {
            const { a0, a1, d0, d1 } = r.effect.rect;
            expect(a0 <= start.adapter && start.adapter <= a1 && d0 <= start.domain && start.domain <= d1).toBe(true);
          }
          s = r.state;
        }
        expect(dragStep(s, { type: 'up' }).state).toBe(IDLE);
      })
    );
  });

  it('rectOf is symmetric', () => {
    expect(rectOf(cell(9, 1), cell(2, 8))).toEqual(rectOf(cell(2, 8), cell(9, 1)));
  });
});
