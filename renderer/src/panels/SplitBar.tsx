/**
 * The bar between the grid and the tables: drag it (or focus it and use the
 * arrow keys) to give the grid more or less of the window; its buttons fold
 * the side panels away. While dragging, only the tables' box is resized
 * (no React render per pointer move); the height goes to the store on release.
 */
import { useRef } from 'react';
import { appStore, useApp } from '../store/store';
import type { AppState } from '../store/types';

const selSidebar = (s: AppState) => s.sidebarCollapsed;
const selCard = (s: AppState) => s.cardCollapsed;
const MIN_TABLES = 60;
const MIN_GRID = 120;

function clampHeight(bar: HTMLElement, px: number): number {
  const main = bar.parentElement!.getBoundingClientRect();
  return Math.round(Math.max(MIN_TABLES, Math.min(main.height - MIN_GRID, px)));
}

interface FoldButtonProps {
  folded: boolean;
  setFolded(folded: boolean): void;
  testId: string;
  title: string;
  label: string;
}

/** A button that folds a side panel away or back; aria-pressed tells it is folded. */
function FoldButton({ folded, setFolded, testId, title, label }: FoldButtonProps): React.JSX.Element {
  return (
    <button className="link small" aria-pressed={folded} onClick={() => setFolded(!folded)} data-testid={testId} title={title}>
      {label}
    </button>
  );
}

export default function SplitBar(): React.JSX.Element {
  const sidebar = useApp(selSidebar);
  const card = useApp(selCard);
  const bar = useRef<HTMLDivElement>(null);
  const drag = useRef<{ start: number; height: number } | null>(null);
  const tables = () => bar.current?.nextElementSibling as HTMLElement | null;
  const setHeight = (px: number) => {
    const t = tables();
    if (!t || !bar.current) return;
    const h = clampHeight(bar.current, px);
    t.style.height = `${h}px`;
    bar.current.setAttribute('aria-valuenow', String(h));
    return h;
  };
  return (
    <div
      className="split-bar"
      ref={bar}
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the grid and the tables (arrow keys, or drag)"
      tabIndex={0}
      data-testid="split-bar"
      onPointerDown={(e) => {
        if (e.button !== 0 || (e.target as HTMLElement).closest('button')) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { start: e.clientY, height: tables()?.getBoundingClientRect().height ?? 0 };
      }}
      onPointerMove={(e) => {
        if (drag.current) setHeight(drag.current.height + drag.current.start - e.clientY);
      }}
      onPointerUp={(e) => {
        if (!drag.current) return;
        const h = setHeight(drag.current.height + drag.current.start - e.clientY);
        drag.current = null;
        if (h !== undefined) appStore.getState().setTablesPx(h);
      }}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
        e.preventDefault();
        e.stopPropagation();
        const now = tables()?.getBoundingClientRect().height ?? 0;
        const h = setHeight(now + (e.key === 'ArrowUp' ? 40 : -40));
        if (h !== undefined) appStore.getState().setTablesPx(h);
      }}
    >
      <span className="split-grip" aria-hidden="true" />
      <span className="split-buttons">
        <FoldButton
          folded={sidebar}
          setFolded={(f) => appStore.getState().setSidebarCollapsed(f)}
          testId="toggle-sidebar"
          title="Fold the host and layers panel away (or back)"
          label={sidebar ? '▸ host & layers' : '◂ host & layers'}
        />
        <FoldButton
          folded={card}
          setFolded={(f) => appStore.getState().setCardCollapsed(f)}
          testId="toggle-card"
          title="Fold the go-to box, overview and hover card away (or back)"
          label={card ? 'overview & card ◂' : 'overview & card ▸'}
        />
      </span>
    </div>
  );
}
