/**
 * One search box for every way to name a place in the matrix (see
 * grid/gotoQuery.ts): Enter reveals and highlights the cells and puts the
 * cursor on the first; Escape returns to the grid. Ctrl+G or Ctrl+K focus it.
 */
import { useEffect, useRef, useState } from 'react';
import { resolveGoto } from '../grid/gotoQuery';
import { appStore, useApp } from '../store/store';
import type { AppState } from '../store/types';

const selGotoOpen = (s: AppState) => s.gotoOpen;

export default function GoToBox(): React.JSX.Element {
  const open = useApp(selGotoOpen);
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    input.current?.select();
    appStore.getState().setGotoOpen(false);
  }, [open]);

  const go = () => {
    const st = appStore.getState();
    const r = resolveGoto(text, st.afterIndex ?? st.hostIndex);
    if (!r.ok) {
      setMessage({ ok: false, text: r.message });
      return;
    }
    st.reveal(r.cells, r.label);
    const first = r.cells.find((c) => appStore.getState().axes.rowShown[c >> 8] && appStore.getState().axes.colShown[c & 255]);
    if (first !== undefined) st.setCursor(first);
    setMessage({ ok: true, text: `Showing ${r.label}.` });
  };

  return (
    <div className="goto-box">
      <input
        ref={input}
        type="search"
        value={text}
        placeholder="Go to: 05.0047, a05, d0047, UUID, guest (Ctrl+G)"
        aria-label="Go to an APQN, adapter, domain, mdev or guest (Ctrl+G)"
        data-testid="goto-input"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            go();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            (document.querySelector('[data-testid="grid-canvas"]') as HTMLElement | null)?.focus();
          }
        }}
      />
      <p className={`goto-message small ${message?.ok === false ? 'bad' : 'muted'}`} role="status" data-testid="goto-message">
        {message?.text ?? ''}
      </p>
    </div>
  );
}
