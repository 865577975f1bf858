/**
 * The drag-select gesture as a pure state machine (idle -> pointing ->
 * brushing -> idle). A press and release on the same cell is a click; moving
 * to another cell turns it into a rectangle. Shift adds the rectangle to the
 * selection, alt removes it, neither replaces it.
 */
import type { CellRect, DragMode } from '../store/selectionSlice';

export interface DragCell {
  adapter: number;
  domain: number;
}

export type DragState =
  | { kind: 'idle' }
  | { kind: 'pointing'; start: DragCell; mode: DragMode; shift: boolean; alt: boolean }
  | { kind: 'brushing'; start: DragCell; current: DragCell; mode: DragMode };

export type DragEvent =
  { type: 'down'; cell: DragCell; shift: boolean; alt: boolean } | { type: 'move'; cell: DragCell } | { type: 'up' } | { type: 'cancel' };

export type DragEffect =
  | { type: 'none' }
  /** the live rectangle changed */
  | { type: 'rect'; rect: CellRect; mode: DragMode }
  /** press and release on one cell */
  | { type: 'click'; cell: DragCell; shift: boolean; alt: boolean }
  /** the rectangle is final: merge it into the selection */
  | { type: 'commit' }
  /** the gesture was abandoned: drop the live rectangle */
  | { type: 'abort' };

export const IDLE: DragState = { kind: 'idle' };

export function rectOf(a: DragCell, b: DragCell): CellRect {
  return {
    a0: Math.min(a.adapter, b.adapter),
    a1: Math.max(a.adapter, b.adapter),
    d0: Math.min(a.domain, b.domain),
    d1: Math.max(a.domain, b.domain)
  };
}

const same = (a: DragCell, b: DragCell) => a.adapter === b.adapter && a.domain === b.domain;

export function dragStep(s: DragState, e: DragEvent): { state: DragState; effect: DragEffect } {
  switch (e.type) {
    case 'down': {
      const mode: DragMode = e.alt ? 'remove' : e.shift ? 'add' : 'replace';
      return { state: { kind: 'pointing', start: e.cell, mode, shift: e.shift, alt: e.alt }, effect: { type: 'none' } };
    }
    case 'move':
      if (s.kind === 'pointing') {
        if (same(s.start, e.cell)) return { state: s, effect: { type: 'none' } };
        return {
          state: { kind: 'brushing', start: s.start, current: e.cell, mode: s.mode },
          effect: { type: 'rect', rect: rectOf(s.start, e.cell), mode: s.mode }
        };
      }
      if (s.kind === 'brushing') {
        if (same(s.current, e.cell)) return { state: s, effect: { type: 'none' } };
        return { state: { ...s, current: e.cell }, effect: { type: 'rect', rect: rectOf(s.start, e.cell), mode: s.mode } };
      }
      return { state: s, effect: { type: 'none' } };
    case 'up':
      if (s.kind === 'pointing') return { state: IDLE, effect: { type: 'click', cell: s.start, shift: s.shift, alt: s.alt } };
      if (s.kind === 'brushing') return { state: IDLE, effect: { type: 'commit' } };
      return { state: IDLE, effect: { type: 'none' } };
    case 'cancel':
      return { state: IDLE, effect: s.kind === 'brushing' ? { type: 'abort' } : { type: 'none' } };
  }
}
