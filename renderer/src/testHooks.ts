/**
 * `window.__apmatrixTest`: read-only helpers for end-to-end tests.
 * - cellToClient(adapter, domain): viewport coordinates ({x, y}, CSS px, what
 *   page.mouse.click expects; the document itself never scrolls, so they are
 *   also page coordinates) of the centre of that cell in the main grid
 *   (data-testid="grid-canvas"), after scrolling the grid so the cell is
 *   visible; null when the cell is hidden (compact mode) or no grid is shown.
 * - selection(): selected cells and the current preview.
 * - plan(): the plan's operations with verdicts, the target, undo/redo depth.
 * - ready(): true once a host is shown.
 * - visibleIds(level?): first and last adapter and domain on screen in the
 *   main grid (or the side-by-side grid of that level), and its cell size.
 * - highlight(): the cells highlighted by the last go-to or table row.
 * - refused(): the cells the grid frames as the reason of a refusal.
 * - rebootChanged(): the cells the "after reboot" layer frames as changed at
 *   the next boot (empty while the layer is off or unknown).
 */
import { qsCells } from '../../shared/ap';
import { getGrid, getMainGrid } from './grid/gridBinding';
import { refusedCells } from './grid/refusedCells';
import type { AppStore } from './store/store';
import { shownRebootLayer } from './store/rebootLayerState';

export interface ApMatrixTestApi {
  cellToClient(adapter: number, domain: number): { x: number; y: number } | null;
  selection(): { cells: number[]; previewCells: number[]; gained: number[]; lost: number[]; draggedIn: number[] };
  plan(): { operations: unknown[]; verdicts: unknown[] | null; target: unknown; undo: number; redo: number; validating: boolean };
  ready(): boolean;
  hostSource(): string | null;
  visibleIds(level?: string): { adapters: [number, number]; domains: [number, number]; cellPx: number } | null;
  highlight(): number[];
  refused(): number[];
  rebootChanged(): number[];
}

declare global {
  interface Window {
    __apmatrixTest?: ApMatrixTestApi;
  }
}

export function installTestHooks(store: AppStore): void {
  const api: ApMatrixTestApi = {
    cellToClient: (a, d) => getMainGrid()?.cellToClient(a, d) ?? null,
    selection() {
      const s = store.getState();
      const p = s.preview?.preview;
      return {
        cells: qsCells(s.selected),
        previewCells: [...s.previewCells],
        gained: [...(p?.gained ?? [])],
        lost: [...(p?.lost ?? [])],
        draggedIn: [...(p?.draggedIn ?? [])]
      };
    },
    plan() {
      const s = store.getState();
      return {
        operations: JSON.parse(JSON.stringify(s.composed?.operations ?? [])),
        verdicts: s.verdicts ? JSON.parse(JSON.stringify(s.verdicts)) : null,
        target: { ...s.effectiveTarget() },
        undo: s.undoStack.length,
        redo: s.redoStack.length,
        validating: s.validating
      };
    },
    ready: () => store.getState().host !== null && getMainGrid() !== null,
    hostSource: () => store.getState().host?.source ?? null,
    visibleIds: (level) => (level ? getGrid(level) : getMainGrid())?.visibleIds() ?? null,
    highlight: () => [...store.getState().highlight],
    refused() {
      const s = store.getState();
      return refusedCells({
        preview: s.preview,
        previewCells: s.previewCells,
        target: s.target,
        layers: s.afterLayers ?? s.layers,
        index: s.afterIndex ?? s.hostIndex
      });
    },
    rebootChanged() {
      const changed = shownRebootLayer(store.getState())?.changed;
      const out: number[] = [];
      if (changed) for (let c = 0; c < changed.length; c++) if (changed[c]) out.push(c);
      return out;
    }
  };
  Object.defineProperty(window, '__apmatrixTest', { value: Object.freeze(api), configurable: false, writable: false });
}
