/** Everything known about the queue under the pointer (or the keyboard cursor). Re-renders only when that cell changes. */
import { useMemo } from 'react';
import { queueStory } from '../model/queueStory';
import { useApp } from '../store/store';
import type { AppState } from '../store/types';
import { selAfterIndex } from '../store/selectors';

const selCardCell = (s: AppState) => (s.hover >= 0 ? s.hover : s.cursor);

export default function HoverCard(): React.JSX.Element {
  const cell = useApp(selCardCell);
  const ix = useApp(selAfterIndex);
  const story = useMemo(() => (ix && cell >= 0 ? queueStory(ix, cell >> 8, cell & 255) : null), [ix, cell]);
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
          <dd className="why">{story.why}</dd>
        </dl>
      ) : (
        <p className="muted">Point at a cell to see everything known about its queue.</p>
      )}
    </aside>
  );
}
