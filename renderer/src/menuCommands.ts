/**
 * Commands from the Electron application menu. The preload turns each menu
 * click into a plain window event `apmatrix-menu-<command>` (no payload crosses
 * the isolated worlds); here they map onto the same store actions as the
 * buttons and keys. In browser mode nothing dispatches them.
 */
import type { AppStore } from './store/store';

export function installMenuCommands(store: AppStore): () => void {
  const handlers: Record<string, () => void> = {
    'apmatrix-menu-undo': () => store.getState().undo(),
    'apmatrix-menu-redo': () => store.getState().redo(),
    'apmatrix-menu-export': () => store.getState().setTab('export'),
    'apmatrix-menu-toggle-theme': () => {
      const st = store.getState();
      st.setTheme(st.theme === 'dark' ? 'light' : 'dark');
    }
  };
  for (const [name, fn] of Object.entries(handlers)) window.addEventListener(name, fn);
  return () => {
    for (const [name, fn] of Object.entries(handlers)) window.removeEventListener(name, fn);
  };
}
