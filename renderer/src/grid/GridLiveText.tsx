/**
 * The keyboard cursor's queue in one sentence, in a polite live region, so a
 * screen reader says where the cursor is and what is there (the grid canvas
 * points at it with aria-describedby). Re-renders on cursor moves only: key
 * rate, not pointer rate.
 */
import { useMemo } from 'react';
import { queueStory } from '../model/queueStory';
import { useApp } from '../store/store';
import type { AppState } from '../store/types';

const selCursor = (s: AppState) => s.cursor;
const selIndex = (s: AppState) => s.afterIndex ?? s.hostIndex;
const selHighlightLabel = (s: AppState) => (s.highlightHost === s.hostVersion ? s.highlightLabel : '');

export default function GridLiveText(): React.JSX.Element {
  const cursor = useApp(selCursor);
  const ix = useApp(selIndex);
  const revealed = useApp(selHighlightLabel);
  const text = useMemo(() => {
    if (!ix || cursor < 0) return 'No queue under the cursor. Use the arrow keys to move it.';
    const s = queueStory(ix, cursor >> 8, cursor & 255);
    return `Queue ${s.apqn}: ${s.card}; ${s.state}; owner ${s.owner}; guest ${s.guest}. ${s.why}`;
  }, [ix, cursor]);
  return (
    <div id="grid-live" className="sr-only" aria-live="polite" aria-atomic="true" data-testid="grid-live">
      {revealed ? `Showing ${revealed}. ` : ''}
      {text}
    </div>
  );
}
