/**
 * Why the selection (or the last click) is refused, every sentence in full:
 * the edit bar has room for two lines only. The refused cells are framed on
 * the grid in the conflict colour. Not a live region: the edit bar's status
 * already announces the refusal.
 */
import { useApp } from '../store/store';
import { selPreview, selRefusals } from '../store/selectors';

export default function RefusalNote(): React.JSX.Element | null {
  const preview = useApp(selPreview);
  const last = useApp(selRefusals);
  const reasons = preview?.refusals.length ? preview.refusals : last;
  if (!reasons.length) return null;
  return (
    <section className="refusal-note" aria-label="Why it is refused" data-testid="refusal-full">
      <h3>Refused{reasons.length > 1 ? ` (${reasons.length} reasons)` : ''}</h3>
      <ul>
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <p className="muted small">The queues that cause it are framed on the grid.</p>
    </section>
  );
}
