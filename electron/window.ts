/**
 * The main window and the `app://` protocol that serves the renderer, with
 * the Electron security checklist applied:
 * context isolation, sandbox, no Node, webSecurity, a strict CSP header,
 * navigation, new windows, webviews and permission requests all refused.
 * Receives the electron module from main.ts (the only runtime importer).
 */
import type * as ElectronNs from 'electron';
import type { BrowserWindow, Session } from 'electron';
import { contentSecurityPolicy } from './bridge/csp';
import { readStaticFile } from './bridge/staticFiles';
import { APP_ORIGIN } from './ipc';
import type { WindowState } from './windowState';
import { MIN_HEIGHT, MIN_WIDTH } from './windowState';

type Electron = typeof ElectronNs;

export const APP_SCHEME = 'app';
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Must run before `app.ready` (B3 item 18: a custom protocol, not file://). */
export function registerAppScheme(electron: Electron): void {
  electron.protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ]);
}

/** Serves dist/renderer at app://apmatrix/ with the CSP on every HTML answer. */
export function handleAppProtocol(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'apmatrix' || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      'X-Content-Type-Options': 'nosniff'
    };
    if (file.isHtml) headers['Content-Security-Policy'] = contentSecurityPolicy();
    return new Response(new Uint8Array(file.body), { status: 200, headers });
  });
}

/** Deny every permission (camera, notifications, clipboard-read, ...): B3 item 5. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Applies to every webContents the app creates (B3 items 11-14). */
export function hardenWebContents(contents: ElectronNs.WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export interface MainWindowOptions {
  preloadPath: string;
  state: WindowState;
  dev: boolean;
  dark: boolean;
}

export function createMainWindow(electron: Electron, opts: MainWindowOptions): BrowserWindow {
  const win = new electron.BrowserWindow({
    x: opts.state.x,
    y: opts.state.y,
    width: opts.state.width,
    height: opts.state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'AP Matrix',
    // no white flash before the first paint in the dark theme
    backgroundColor: opts.dark ? '#15171a' : '#ffffff',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: opts.dev
    }
  });
  hardenWebContents(win.webContents);
  if (opts.state.maximized) win.maximize();
  return win;
}
