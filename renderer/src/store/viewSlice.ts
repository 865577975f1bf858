/** How the grids are shown: layers, stacked or side-by-side, compact, zoom, theme, tab. */
import { compactAxes, fullAxes, type Axes } from '../model/axes';
import { sameAxes } from '../model/axesSame';
import type { Slice } from './types';
import { shownRebootLayer } from './rebootLayerState';

export type LayerName = 'lpar' | 'host' | 'mdevs' | 'guest' | 'conflicts' | 'overlay' | 'reboot';
export type ViewMode = 'stacked' | 'side';
export type Theme = 'light' | 'dark';
export type TabName = 'mdevs' | 'queues' | 'plan' | 'findings' | 'export';

export interface ViewSlice {
  viewMode: ViewMode;
  visible: Record<LayerName, boolean>;
  compact: boolean;
  /** CSS pixels per cell */
  cellPx: number;
  theme: Theme;
  tab: TabName;
  axes: Axes;
  recomputeAxes(): void;
  /** a zoom that shows the host's shown ids at a useful size */
  autoZoom(): void;
  setViewMode(m: ViewMode): void;
  toggleLayer(l: LayerName): void;
  setCompact(c: boolean): void;
  setCellPx(px: number): void;
  setTheme(t: Theme): void;
  setTab(t: TabName): void;
}

export const ZOOMS = [2, 3, 4, 6, 8, 12, 16, 24];

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem('apmatrix.theme');
    if (saved === 'light' || saved === 'dark') return saved;
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

export const createViewSlice: Slice<ViewSlice> = (set, get) => ({
  viewMode: 'stacked',
  visible: { lpar: true, host: true, mdevs: true, guest: true, conflicts: true, overlay: true, reboot: false },
  compact: true,
  cellPx: 12,
  theme: typeof window === 'undefined' ? 'light' : initialTheme(),
  tab: 'mdevs',
  axes: fullAxes(),
  autoZoom() {
    const n = Math.max(get().axes.rows.length, get().axes.cols.length);
    set({ cellPx: n <= 24 ? 24 : n <= 40 ? 16 : n <= 80 ? 12 : n <= 128 ? 6 : 4 });
  },
  recomputeAxes() {
    const { compact, layers, afterLayers } = get();
    // the after-reboot layer may use ids nobody uses now (a definition not active)
    const used = [layers, afterLayers, shownRebootLayer(get())?.layers ?? null].filter((l) => l !== null);
    const axes = compact && used.length ? compactAxes(used) : fullAxes();
    if (!sameAxes(axes, get().axes)) set({ axes });
  },
  setViewMode: (viewMode) => set({ viewMode }),
  toggleLayer(l) {
    set({ visible: { ...get().visible, [l]: !get().visible[l] } });
    if (l === 'reboot') get().recomputeAxes();
  },
  setCompact(compact) {
    set({ compact });
    get().recomputeAxes();
  },
  setCellPx: (cellPx) => set({ cellPx: Math.max(1, Math.min(32, Math.round(cellPx))) }),
  setTheme(theme) {
    try {
      localStorage.setItem('apmatrix.theme', theme);
    } catch {
      // storage may be unavailable; the theme still applies
    }
    set({ theme });
  },
  setTab: (tab) => set({ tab })
});
