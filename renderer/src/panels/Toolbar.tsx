/** View controls: stacked or side-by-side, compact, zoom, theme, undo and redo, apply. */
import { ZOOMS } from '../store/viewSlice';
import { appStore, useApp } from '../store/store';
import { selCanRedo, selCanUndo, selCellPx, selCompact, selOperationCount, selTheme, selViewMode } from '../store/selectors';

export default function Toolbar(): React.JSX.Element {
  const mode = useApp(selViewMode);
  const compact = useApp(selCompact);
  const cellPx = useApp(selCellPx);
  const theme = useApp(selTheme);
  const canUndo = useApp(selCanUndo);
  const canRedo = useApp(selCanRedo);
  const nOps = useApp(selOperationCount);
  const st = appStore.getState();
  const zi = ZOOMS.findIndex((z) => z >= cellPx);
  return (
    <div className="toolbar" role="toolbar" aria-label="View">
      <div className="seg" role="radiogroup" aria-label="View">
        <button
          role="radio"
          aria-checked={mode === 'stacked'}
          className={mode === 'stacked' ? 'on' : ''}
          onClick={() => st.setViewMode('stacked')}
          data-testid="view-stacked"
        >
          Stacked
        </button>
        <button
          role="radio"
          aria-checked={mode === 'side'}
          className={mode === 'side' ? 'on' : ''}
          onClick={() => st.setViewMode('side')}
          data-testid="view-side"
        >
          Side by side
        </button>
      </div>
      <label className="check" title="Hide adapters and domains that nobody configures or assigns">
        <input type="checkbox" checked={compact} onChange={(e) => st.setCompact(e.target.checked)} data-testid="compact" /> Compact
      </label>
      <div className="zoom" aria-label="Zoom">
        <button onClick={() => st.setCellPx(ZOOMS[Math.max(0, zi - 1)])} aria-label="Zoom out" data-testid="zoom-out">
          −
        </button>
        <span className="zoom-value" data-testid="zoom-value">
          {cellPx} px
        </span>
        <button
          onClick={() => st.setCellPx(ZOOMS[Math.min(ZOOMS.length - 1, zi < 0 ? ZOOMS.length - 1 : zi + 1)])}
          aria-label="Zoom in"
          data-testid="zoom-in"
        >
          +
        </button>
      </div>
      <span className="spacer" />
      <button onClick={() => st.undo()} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo">
        ↶ Undo
      </button>
      <button onClick={() => st.redo()} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
        ↷ Redo
      </button>
      <button onClick={() => st.resetPlan()} disabled={nOps === 0} data-testid="clear-plan" title="Drop every planned operation">
        Clear plan
      </button>
      <button
        onClick={() => {
          st.setTab('export');
          void st.runExport();
        }}
        data-testid="export"
      >
        Export…
      </button>
      <button className="primary" onClick={() => st.askApply()} disabled={nOps === 0} data-testid="apply">
        Apply {nOps ? `(${nOps})` : ''}
      </button>
      <button
        className="theme"
        onClick={() => st.setTheme(theme === 'dark' ? 'light' : 'dark')}
        aria-label="Switch theme"
        data-testid="theme-toggle"
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </div>
  );
}
