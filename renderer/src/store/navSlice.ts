/**
 * Finding your way in the grid: the shared viewport (what part of the matrix
 * every grid shows, in display cells so that it survives a zoom), the cells
 * highlighted by a go-to or a table row, a request to bring cells into view,
 * the go-to box and the layout (tables height, side panels collapsed).
 * Grids and the overview read the viewport through store subscriptions.
 */
import type { Slice } from './types';

export interface Viewport {
  /** top-left visible position, in display cells (fractional) */
  x: number;
  y: number;
  /** visible size of the grid plane in CSS pixels */
  w: number;
  h: number;
  /** CSS pixels per cell the grid really draws (the zoom, unless clamped for memory) */
  cell: number;
}

export interface NavSlice {
  viewport: Viewport;
  /** bumped whenever the viewport is moved by something other than a grid's own scrolling */
  viewportSeq: number;
  /** cells shown with the highlight colour (last go-to or table row) */
  highlight: number[];
  /** a short text of what was revealed, for the status and screen readers */
  highlightLabel: string;
  /** the hostVersion the highlight was made on: another host's cells mean nothing */
  highlightHost: number;
  gotoOpen: boolean;
  sidebarCollapsed: boolean;
  cardCollapsed: boolean;
  /** height of the tables panel in CSS pixels; null = the stylesheet's default */
  tablesPx: number | null;
  /** A grid reports its own scroll position (no viewportSeq bump: the others follow it). */
  reportViewport(v: Partial<Viewport>): void;
  /** Moves every grid so that display cell (x, y) is the top-left corner. */
  moveViewport(x: number, y: number): void;
  /** Highlights `cells` and scrolls the grids so they are in view (shows hidden ids first). */
  reveal(cells: number[], label: string): void;
  clearHighlight(): void;
  setGotoOpen(open: boolean): void;
  setSidebarCollapsed(c: boolean): void;
  setCardCollapsed(c: boolean): void;
  setTablesPx(px: number | null): void;
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-3;

/** Display-space bounding box of cells (hidden ids skipped), or null. */
function displayBox(cells: number[], rowPos: Int16Array, colPos: Int16Array): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (const c of cells) {
    const y = rowPos[c >> 8];
    const x = colPos[c & 255];
    if (x < 0 || y < 0) continue;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + 1);
    y1 = Math.max(y1, y + 1);
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

export const createNavSlice: Slice<NavSlice> = (set, get) => ({
  viewport: { x: 0, y: 0, w: 0, h: 0, cell: 1 },
  viewportSeq: 0,
  highlight: [],
  highlightLabel: '',
  highlightHost: -1,
  gotoOpen: false,
  sidebarCollapsed: false,
  cardCollapsed: false,
  tablesPx: null,

  reportViewport(v) {
    const cur = get().viewport;
    const next = { ...cur, ...v };
    if (same(next.x, cur.x) && same(next.y, cur.y) && same(next.w, cur.w) && same(next.h, cur.h) && next.cell === cur.cell) return;
    set({ viewport: next });
  },

  moveViewport(x, y) {
    const { viewport, axes } = get();
    // keep the viewport inside the matrix (as the browser's scroll clamping would)
    const maxX = Math.max(0, axes.cols.length - viewport.w / viewport.cell);
    const maxY = Math.max(0, axes.rows.length - viewport.h / viewport.cell);
    set({
      viewport: { ...viewport, x: Math.max(0, Math.min(maxX, x)), y: Math.max(0, Math.min(maxY, y)) },
      viewportSeq: get().viewportSeq + 1
    });
  },

  reveal(cells, label) {
    const st = get();
    if (st.compact && cells.some((c) => !st.axes.rowShown[c >> 8] || !st.axes.colShown[c & 255])) st.setCompact(false);
    set({ highlight: cells, highlightLabel: label, highlightHost: get().hostVersion });
    const { axes, viewport } = get();
    const box = displayBox(cells, axes.rowPos, axes.colPos);
    if (!box) return;
    const vw = viewport.w / viewport.cell;
    const vh = viewport.h / viewport.cell;
    const inView = box.x0 >= viewport.x && box.x1 <= viewport.x + vw && box.y0 >= viewport.y && box.y1 <= viewport.y + vh;
    if (inView) return;
    // centre the box; when it is larger than the view, show its top-left corner
    const x = box.x1 - box.x0 <= vw ? (box.x0 + box.x1) / 2 - vw / 2 : box.x0;
    const y = box.y1 - box.y0 <= vh ? (box.y0 + box.y1) / 2 - vh / 2 : box.y0;
    get().moveViewport(x, y);
  },

  clearHighlight: () => set({ highlight: [], highlightLabel: '' }),
  setGotoOpen: (gotoOpen) => set({ gotoOpen }),
  setSidebarCollapsed: (sidebarCollapsed) => set({ sidebarCollapsed }),
  setCardCollapsed: (cardCollapsed) => set({ cardCollapsed }),
  setTablesPx: (tablesPx) => set({ tablesPx })
});
