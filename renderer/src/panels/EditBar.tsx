/**
 * Editing controls: the target (an mdev, a new mdev, the host masks), what a
 * drag-selection does (add or remove, which side), and the live preview counts.
 */
import { appStore, useApp } from '../store/store';
import { selMoveFrom, selAfterIndex, selControlFollows, selPlanAction, selPreview, selPreviewCount, selRefusals, selSide, selTarget } from '../store/selectors';
import type { PlanTarget } from '../plan/types';
import type { Side } from '../store/planSlice';

function targetValue(t: PlanTarget): string {
  return t.kind === 'host' ? 'host' : t.kind === 'new-mdev' ? 'new' : t.uuid;
}

export default function EditBar(): React.JSX.Element {
  const target = useApp(selTarget);
  const ix = useApp(selAfterIndex);
  const action = useApp(selPlanAction);
  const side = useApp(selSide);
  const follows = useApp(selControlFollows);
  const preview = useApp(selPreview);
  const count = useApp(selPreviewCount);
  const refusals = useApp(selRefusals);
  const moveFrom = useApp(selMoveFrom);
  const st = appStore.getState();
  const newExists = target.kind === 'new-mdev' && ix?.mdevByUuid.has(target.uuid);
  const p = preview?.preview;
  const warn = preview?.refusals.length ? preview.refusals : refusals;
  const hostTarget = target.kind === 'host';

  return (
    <div className="edit-bar" aria-label="Edit">
      <div className="edit-row">
      <label className="field">
        Target
        <select
          value={targetValue(target)}
          data-testid="target-picker"
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'host') st.setTarget({ kind: 'host' });
            else if (v === 'new') st.newMdevTarget();
            else st.setTarget({ kind: 'mdev', uuid: v });
          }}
        >
          <option value="host">Host masks (apmask × aqmask)</option>
          {(ix?.mdevs ?? []).map((m) => (
            <option key={m.info.uuid} value={m.info.uuid}>
              mdev {m.label} {m.guest ? '' : m.info.uuid.slice(0, 8)} {target.kind === 'new-mdev' && m.info.uuid === target.uuid ? '(new)' : ''}
            </option>
          ))}
          {!newExists && <option value="new">New mdev{target.kind === 'new-mdev' ? ` ${target.uuid.slice(0, 8)}…` : '…'}</option>}
        </select>
      </label>
      <div className="seg" role="radiogroup" aria-label="Selection action">
        <button role="radio" aria-checked={action === 'add'} className={action === 'add' ? 'on' : ''} onClick={() => st.setPlanAction('add')} data-testid="action-add">
          {hostTarget ? 'Reclaim for host' : 'Assign'}
        </button>
        <button role="radio" aria-checked={action === 'remove'} className={action === 'remove' ? 'on' : ''} onClick={() => st.setPlanAction('remove')} data-testid="action-remove">
          {hostTarget ? 'Free for guests' : 'Unassign'}
        </button>
      </div>
      <label className="field" title="Which ids to remove when a rectangle spans both">
        Side
        <select value={side} onChange={(e) => st.setSide(e.target.value as Side)} data-testid="side-picker">
          <option value="auto">fewest losses</option>
          <option value="adapter">adapters</option>
          <option value="domain">domains</option>
        </select>
      </label>
      {!hostTarget && action === 'add' && (
        <label className="field" title="Take the queues from another mdev first (unassign there, then assign here)">
          Take from
          <select value={moveFrom ?? ''} onChange={(e) => st.setMoveFrom(e.target.value || null)} data-testid="move-from">
            <option value="">nobody</option>
            {(ix?.mdevs ?? [])
              .filter((m) => target.kind !== 'mdev' || m.info.uuid !== target.uuid)
              .map((m) => (
                <option key={m.info.uuid} value={m.info.uuid}>
                  {m.label}
                </option>
              ))}
          </select>
        </label>
      )}
      {!hostTarget && (
        <label className="check" title="IBM advises a control domain for each usage domain">
          <input type="checkbox" checked={follows} onChange={(e) => st.setControlFollowsUsage(e.target.checked)} data-testid="control-follows" /> control domains follow
        </label>
      )}
      </div>
      <div className="edit-row">
      <div className="preview-counts" aria-live="polite">
        <span title="selected queues">
          sel <b data-testid="selection-count">{count}</b>
        </span>
        <span className="gained" title="queues the target gains">
          +<b data-testid="preview-gained">{p?.gained.length ?? 0}</b>
        </span>
        <span className="lost" title="queues the target loses">
          −<b data-testid="preview-lost">{p?.lost.length ?? 0}</b>
        </span>
        <span className="dragged" title="gained but not selected: the cartesian product brings them">
          dragged in <b data-testid="preview-dragged-in">{p?.draggedIn.length ?? 0}</b>
        </span>
        <span className="others" title="queues that change owner on the way, neither gained nor lost by the target (for example freed from the host)">
          other owners <b data-testid="preview-others">{p?.others?.length ?? 0}</b>
        </span>
      </div>
      <button className="primary" disabled={!count || !preview?.operations.length} onClick={() => st.commitSelection()} data-testid="commit-selection" title="Add these operations to the plan (Enter)">
        Add to plan{preview?.operations.length ? ` (${preview.operations.length} ops)` : ''}
      </button>
      <button disabled={!count} onClick={() => st.clearSelection()} data-testid="clear-selection" title="Clear the selection (Esc)">
        Clear
      </button>
      <div className="refusals" role="status" data-testid="refusals" title={warn.join(' ')}>
        {warn.length ? warn.join(' ') : ''}
      </div>
      </div>
    </div>
  );
}
