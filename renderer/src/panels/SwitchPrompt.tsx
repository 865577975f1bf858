/** Asks before leaving a host whose plan is not applied: the plan stays with its host and comes back with it. */
import { appStore, useApp } from '../store/store';
import { selConnection, selOperationCount, selSwitchPrompt } from '../store/selectors';
import { describeTarget } from '../store/sessionSlice';
import { plural } from '../model/words';

export default function SwitchPrompt(): React.JSX.Element | null {
  const req = useApp(selSwitchPrompt);
  const conn = useApp(selConnection);
  const n = useApp(selOperationCount);
  if (!req) return null;
  const st = appStore.getState();
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="switch-title" data-testid="switch-prompt">
        <h2 id="switch-title">Leave {conn?.label} with a plan not applied?</h2>
        <p>
          The plan of {plural(n, 'step')} belongs to {conn?.label}. It is kept for that host and comes back when you open it again; undo
          history is not kept. Save it to a file first if you want it elsewhere.
        </p>
        <div className="modal-actions">
          <button onClick={() => void st.savePlanFile()} data-testid="switch-save">
            Save the plan to a file…
          </button>
          <button onClick={() => st.answerSwitch(false)} data-testid="switch-stay">
            Stay on {conn?.label}
          </button>
          <button className="primary" onClick={() => st.answerSwitch(true)} data-testid="switch-go">
            Open {describeTarget(req.target)}
          </button>
        </div>
      </div>
    </div>
  );
}
