/**
 * Editing controls: the target (TargetPicker), what a drag-selection does (add
 * or remove, which side), and the live preview counts of this LPAR's queues.
 * A click that does more than change its one queue waits here for confirmation.
 */
import { appStore, useApp } from '../store/store';
import {
  selMoveFrom,
  selAfterIndex,
  selControlFollows,
  selLayers,
  selPendingClick,
  selPlanAction,
  selPreview,
  selPreviewCount,
  selRefusals,
  selSide,
  selTarget
} from '../store/selectors';
import type { Side } from '../store/planSlice';
import { previewCounts } from '../model/previewCounts';
import { plural } from '../model/words';
import TargetPicker from './TargetPicker';

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
  const pending = useApp(selPendingClick);
  const layers = useApp(selLayers);
  const st = appStore.getState();
  const n = previewCounts(preview?.preview, layers);
  const warn = preview?.refusals.length ? preview.refusals : refusals;
  const hostTarget = target.kind === 'host';

  return (
    <div className="edit-bar" aria-label="Edit">
      <div className="edit-row">
        <TargetPicker />
        <div className="seg" role="radiogroup" aria-label="Selection action">
          <button
            role="radio"
            aria-checked={action === 'add'}
            className={action === 'add' ? 'on' : ''}
            onClick={() => st.setPlanAction('add')}
            data-testid="action-add"
          >
            {hostTarget ? 'Reclaim for host' : 'Assign'}
          </button>
          <button
            role="radio"
            aria-checked={action === 'remove'}
            className={action === 'remove' ? 'on' : ''}
            onClick={() => st.setPlanAction('remove')}
            data-testid="action-remove"
          >
            {hostTarget ? 'Free for guests' : 'Unassign'}
          </button>
        </div>
        <label
          className="field"
          title={
            hostTarget
              ? 'Which mask bits to clear when freeing: adapters (apmask), domains (aqmask), or the fewest queues'
              : 'Which ids to remove when a rectangle spans both'
          }
        >
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
            <input
              type="checkbox"
              checked={follows}
              onChange={(e) => st.setControlFollowsUsage(e.target.checked)}
              data-testid="control-follows"
            />{' '}
            control domains follow
          </label>
        )}
      </div>
      <div className="edit-row">
        <div className="preview-counts" aria-live="polite">
          <span title="selected queues">
            selected <b data-testid="selection-count">{count}</b>
          </span>
          <span className="gained" title="queues of this LPAR the target gains">
            +<b data-testid="preview-gained">{n.gained}</b>
          </span>
          <span className="lost" title="queues of this LPAR the target loses">
            −<b data-testid="preview-lost">{n.lost}</b>
          </span>
          <span className="dragged" title="gained but not selected: the cartesian product brings them">
            dragged in <b data-testid="preview-dragged-in">{n.draggedIn}</b>
          </span>
          <span
            className="others"
            title="queues of this LPAR that change owner on the way, neither gained nor lost by the target (for example freed from the host)"
          >
            other owners <b data-testid="preview-others">{n.others}</b>
          </span>
          {n.outside > 0 && (
            <span
              className="muted"
              title="mask bits cover all 256 ids: positions the LPAR does not configure change too, but hold no queue"
              data-testid="preview-outside"
            >
              and {plural(n.outside, 'position')} outside the LPAR
            </span>
          )}
        </div>
        <button
          className="primary"
          disabled={!count || !preview?.operations.length}
          onClick={() => st.commitSelection()}
          data-testid="commit-selection"
          title="Add these operations to the plan (Enter)"
        >
          Add to plan{preview?.operations.length ? ` (${plural(preview.operations.length, 'step')})` : ''}
        </button>
        <button disabled={!count} onClick={() => st.clearSelection()} data-testid="clear-selection" title="Clear the selection (Esc)">
          Clear
        </button>
        {pending && !warn.length ? (
          <div className="click-review" role="status" data-testid="click-review">
            {pending.reasons.join(' ')} Press Enter or “Add to plan” to add it, Esc to drop it.
          </div>
        ) : (
          <div className="refusals" role="status" data-testid="refusals" title={warn.join(' ')}>
            {warn.length ? warn.join(' ') : ''}
          </div>
        )}
      </div>
    </div>
  );
}
