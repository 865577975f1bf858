/**
 * Everything known about the queue under the pointer (or the keyboard cursor),
 * as the host is now; when the plan changes its owner or its place in the
 * guest matrix, a "With the plan" line says how. Re-renders only when that cell
 * or the plan changes.
 */
import { useMemo } from 'react';
import { queueStory } from '../model/queueStory';
import { useApp } from '../store/store';
import type { AppState } from '../store/types';
import { selAfterIndex, selHostIndex } from '../store/selectors';
import { shownRebootLayer } from '../store/rebootLayerState';
import { rebootLine } from '../model/rebootStory';

const selCardCell = (s: AppState) => (s.hover >= 0 ? s.hover : s.cursor);
/** the after-reboot index while its layer is on (cached per host version: no boot at pointer rate) */
const selRebootIndex = (s: AppState) => shownRebootLayer(s)?.index ?? null;

export default function HoverCard(): React.JSX.Element {
  const cell = useApp(selCardCell);
  const now = useApp(selHostIndex);
  const after = useApp(selAfterIndex);
  const story = useMemo(() => (now && cell >= 0 ? queueStory(now, cell >> 8, cell & 255) : null), [now, cell]);
  const planned = useMemo(
    () => (after && after !== now && cell >= 0 ? queueStory(after, cell >> 8, cell & 255) : null),
    [after, now, cell]
  );
  const rebootIndex = useApp(selRebootIndex);
  const afterReboot = useMemo(
    () => (rebootIndex && now && cell >= 0 ? rebootLine(now, rebootIndex, cell >> 8, cell & 255) : null),
    [rebootIndex, now, cell]
  );
  const changed = planned && story && (planned.owner !== story.owner || planned.why !== story.why) ? planned : null;
  return (
    <aside className="hover-card" data-testid="hover-card" aria-live="polite">
      {story ? (
        <dl>
          <dt>Queue</dt>
          <dd>
            <b>{story.apqn}</b>
          </dd>
          <dt>Card</dt>
          <dd>{story.card}</dd>
          <dt>State</dt>
          <dd>{story.state}</dd>
          <dt>Driver</dt>
          <dd>{story.driver}</dd>
          <dt>Owner</dt>
          <dd>{story.owner}</dd>
          <dt>mdev</dt>
          <dd>{story.mdevs.length ? story.mdevs.join('; ') : 'none'}</dd>
          <dt>Guest</dt>
          <dd>{story.guest}</dd>
          <dt>Why</dt>
          <dd className="why" title="§ numbers are sections of docs/kernel-model.md">
            {story.why}
          </dd>
          {changed && (
            <>
              <dt>With the plan</dt>
              <dd className="why" data-testid="hover-planned">
                {changed.owner}; {changed.why}
              </dd>
            </>
          )}
          {afterReboot && (
            <>
              <dt>After reboot</dt>
              <dd className="why" data-testid="hover-reboot">
                {afterReboot}
              </dd>
            </>
          )}
        </dl>
      ) : (
        <p className="muted">Point at a cell to see everything known about its queue.</p>
      )}
    </aside>
  );
}
