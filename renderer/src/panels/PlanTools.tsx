/** Above the plan table: save and open plan files, and why verdicts changed after the host was read again. */
import { useRef } from 'react';
import { appStore, useApp } from '../store/store';
import { selHostChangeNote, selOperationCount, selPlanFileMessage, selVerdictChanged } from '../store/selectors';
import { plural } from '../model/words';

export default function PlanTools(): React.JSX.Element {
  const n = useApp(selOperationCount);
  const note = useApp(selHostChangeNote);
  const message = useApp(selPlanFileMessage);
  const changed = useApp(selVerdictChanged);
  const input = useRef<HTMLInputElement>(null);
  const st = appStore.getState();
  const nChanged = changed?.filter(Boolean).length ?? 0;
  return (
    <div className="plan-tools">
      <div className="row">
        <button
          onClick={() => void st.savePlanFile()}
          disabled={n === 0}
          data-testid="plan-save"
          title="The JSON `apmatrix plan validate FILE` reads, pinned to the host state it was made on"
        >
          Save plan…
        </button>
        <button
          onClick={() => input.current?.click()}
          data-testid="plan-open"
          title="A plan file in the command line's JSON ({title, operations, fingerprint})"
        >
          Open plan…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="plan-open-input"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) st.openPlanText(await f.text(), f.name);
          }}
        />
        {message && (
          <span className="muted small" role="status" data-testid="plan-file-message">
            {message}
          </span>
        )}
      </div>
      {note && (
        <div className="host-change" role="status" data-testid="host-change">
          <b>{note.title}</b>
          {nChanged > 0 && <span> {plural(nChanged, 'step')} changed verdict (marked below).</span>}
          {note.changes.length > 0 ? (
            <ul>
              {note.changes.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          ) : (
            <span className="muted"> Nothing in the masks or mdevs changed.</span>
          )}
          <button className="link" onClick={() => st.dismissHostChange()} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
