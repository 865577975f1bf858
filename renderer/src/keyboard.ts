/**
 * Keyboard: arrows move the cursor cell (over shown ids), space toggles it for
 * the target, Enter adds the selection to the plan, Escape clears, Ctrl+Z /
 * Ctrl+Shift+Z (or Ctrl+Y) undo and redo the whole plan, Ctrl+G or Ctrl+K
 * open the go-to box, Ctrl+Shift+L switches the theme (in Electron the menu's
 * accelerator does that, so here only in browser mode).
 */
import type { AppStore } from './store/store';

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function installKeyboard(store: AppStore): () => void {
  const onKey = (e: KeyboardEvent) => {
    const st = store.getState();
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === 'z' || e.key === 'Z')) {
      if (typing(e.target)) return;
      e.preventDefault();
      if (e.shiftKey) st.redo();
      else st.undo();
      return;
    }
    if (mod && !e.shiftKey && !e.altKey && (e.key === 'g' || e.key === 'G' || e.key === 'k' || e.key === 'K')) {
      e.preventDefault();
      st.setGotoOpen(true);
      return;
    }
    if (mod && e.shiftKey && (e.key === 'l' || e.key === 'L') && !window.apmatrix) {
      e.preventDefault();
      st.setTheme(st.theme === 'dark' ? 'light' : 'dark');
      return;
    }
    if (mod && (e.key === 'y' || e.key === 'Y')) {
      if (typing(e.target)) return;
      e.preventDefault();
      st.redo();
      return;
    }
    if (typing(e.target) || mod || st.applyPhase !== 'idle' || st.hostKeyPrompt || st.secretPrompt) return;
    const { rows, cols, rowPos, colPos } = st.axes;
    if (!rows.length || !cols.length) return;
    let r = st.cursor >= 0 ? rowPos[st.cursor >> 8] : -1;
    let c = st.cursor >= 0 ? colPos[st.cursor & 255] : -1;
    if (r < 0 || c < 0) {
      r = 0;
      c = 0;
    }
    switch (e.key) {
      case 'ArrowUp':
        r = Math.max(0, r - 1);
        break;
      case 'ArrowDown':
        r = Math.min(rows.length - 1, st.cursor < 0 ? 0 : r + 1);
        break;
      case 'ArrowLeft':
        c = Math.max(0, c - 1);
        break;
      case 'ArrowRight':
        c = Math.min(cols.length - 1, st.cursor < 0 ? 0 : c + 1);
        break;
      case ' ':
        e.preventDefault();
        if (st.cursor >= 0) {
          if (e.shiftKey) st.selectCells([st.cursor], 'add');
          else st.toggleCell(st.cursor);
        }
        return;
      case 'Enter':
        if (st.previewCells.length) {
          e.preventDefault();
          st.commitSelection();
        }
        return;
      case 'Escape':
        st.clearSelection();
        st.setCursor(-1);
        return;
      default:
        return;
    }
    e.preventDefault();
    const cell = (rows[r] << 8) | cols[c];
    st.setCursor(cell);
    // the hover card shows the keyboard's cell, not one a resting pointer left behind
    st.setHover(-1);
    if (e.shiftKey) st.selectCells([cell], 'add');
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
