/**
 * Selected queues (a 65,536-bit set), the live drag rectangle, the keyboard
 * cursor, the hovered cell and the preview of what the selection would do to
 * the current target. Pointer-rate fields (drag, hover) are read by the grid
 * through store subscriptions, not by React components.
 */
import { AP_IDS, QueueSet, emptyQueueSet, qsAdd, qsCells, qsDelete, qsHas } from '../../../shared/ap';
import type { SelectionPlan } from '../plan/types';
import type { Slice } from './types';

/** inclusive id ranges: adapters a0..a1, domains d0..d1 */
export interface CellRect {
  a0: number;
  a1: number;
  d0: number;
  d1: number;
}
export type DragMode = 'replace' | 'add' | 'remove';

export interface SelectionSlice {
  selected: QueueSet;
  selectedCount: number;
  selectionVersion: number;
  drag: { rect: CellRect; mode: DragMode } | null;
  cursor: number;
  hover: number;
  preview: SelectionPlan | null;
  /** cells the preview was computed for (selection with the live drag applied) */
  previewCells: number[];
  setDrag(drag: { rect: CellRect; mode: DragMode } | null): void;
  commitDrag(): void;
  toggleSelected(cell: number): void;
  selectCells(cells: number[], mode: DragMode): void;
  clearSelection(): void;
  setCursor(cell: number): void;
  setHover(cell: number): void;
  refreshPreview(): void;
}

/** Cells of a rectangle whose row and column are shown (compact mode hides some ids). */
export function rectCells(r: CellRect, rowShown: Uint8Array, colShown: Uint8Array): number[] {
  const out: number[] = [];
  for (let a = r.a0; a <= r.a1; a++) {
    if (!rowShown[a]) continue;
    for (let d = r.d0; d <= r.d1; d++) if (colShown[d]) out.push(a * AP_IDS + d);
  }
  return out;
}

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => ({
  selected: emptyQueueSet(),
  selectedCount: 0,
  selectionVersion: 0,
  drag: null,
  cursor: -1,
  hover: -1,
  preview: null,
  previewCells: [],

  setDrag(drag) {
    set({ drag, pendingClick: null });
    get().refreshPreview();
  },

  commitDrag() {
    const { drag } = get();
    if (!drag) return;
    const { rowShown, colShown } = get().axes;
    const cells = rectCells(drag.rect, rowShown, colShown);
    set({ drag: null });
    get().selectCells(cells, drag.mode);
  },

  toggleSelected(cell) {
    const selected = get().selected.slice();
    set({ pendingClick: null });
    if (qsHas(selected, cell)) qsDelete(selected, cell);
    else qsAdd(selected, cell);
    set({ selected, selectedCount: qsCells(selected).length, selectionVersion: get().selectionVersion + 1 });
    get().refreshPreview();
  },

  selectCells(cells, mode) {
    const selected = mode === 'replace' ? emptyQueueSet() : get().selected.slice();
    set({ pendingClick: null });
    for (const c of cells)
      if (mode === 'remove') qsDelete(selected, c);
      else qsAdd(selected, c);
    set({ selected, selectedCount: qsCells(selected).length, selectionVersion: get().selectionVersion + 1 });
    get().refreshPreview();
  },

  clearSelection() {
    set({
      selected: emptyQueueSet(),
      selectedCount: 0,
      drag: null,
      pendingClick: null,
      selectionVersion: get().selectionVersion + 1,
      preview: null,
      previewCells: []
    });
  },

  setCursor: (cursor) => set({ cursor }),
  setHover(hover) {
    if (hover !== get().hover) set({ hover });
  },

  refreshPreview() {
    const { drag, selected, axes } = get();
    let cells: number[];
    if (!drag) cells = qsCells(selected);
    else {
      const base = drag.mode === 'replace' ? emptyQueueSet() : selected.slice();
      for (const c of rectCells(drag.rect, axes.rowShown, axes.colShown))
        if (drag.mode === 'remove') qsDelete(base, c);
        else qsAdd(base, c);
      cells = qsCells(base);
    }
    set({ previewCells: cells, preview: cells.length ? get().planFor(cells) : null });
  }
});
