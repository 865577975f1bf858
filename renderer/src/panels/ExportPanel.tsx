/** Export: every format of exportPlan, shown as text, saved to a file or copied. */
import { useEffect } from 'react';
import type { ExportFormat } from '../../../shared/api/contract';
import { EXPORT_FORMATS } from '../store/applySlice';
import { appStore, useApp } from '../store/store';
import { selComposed, selExportBusy, selExportFormat, selExportMessage, selExportText } from '../store/selectors';

export default function ExportPanel(): React.JSX.Element {
  const format = useApp(selExportFormat);
  const text = useApp(selExportText);
  const busy = useApp(selExportBusy);
  const message = useApp(selExportMessage);
  const composed = useApp(selComposed);
  const st = appStore.getState();
  useEffect(() => {
    void appStore.getState().runExport();
  }, [composed]);
  return (
    <div className="export-panel">
      <div className="table-tools">
        <label className="field">
          Format
          <select value={format} onChange={(e) => st.setExportFormat(e.target.value as ExportFormat)} data-testid="export-format">
            {EXPORT_FORMATS.map((f) => (
              <option key={f.format} value={f.format}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => st.saveExport()} disabled={!text} data-testid="export-save">
          Save to file…
        </button>
        <button onClick={() => st.copyExport()} disabled={!text} data-testid="export-copy">
          Copy
        </button>
        <span className="muted" role="status">
          {busy ? 'Generating…' : (message ?? '')}
        </span>
      </div>
      <textarea className="export-text" readOnly value={text} spellCheck={false} data-testid="export-text" aria-label="exported text" />
    </div>
  );
}
