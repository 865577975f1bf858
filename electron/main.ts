/**
 * Electron's main process: the only file that imports 'electron' at run
 * time. It opens the hardened window on the renderer, registers the IPC
 * handlers at once, and loads the engine (router, SSH) only after the window
 * has shown, so the first paint never waits for it.
 */
import * as electron from 'electron';
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, screen, session } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApplyProgress } from '../shared/api/contract';
import { safeFileName } from './bridge/downloads';
import { checkRequestPayload } from './bridge/payloadCheck';
import type { RouterApi } from './bridge/routerApi';
import { registerIpc } from './ipc';
import { PROGRESS_CHANNEL } from './ipcChannels';
import { installMenu } from './menu';
import { createMainWindow, denyPermissions, handleAppProtocol, hardenWebContents, APP_URL, registerAppScheme } from './window';
import { loadWindowState, saveWindowState } from './windowState';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
// devtools and the other development aids only in an unpackaged run: a packaged
// build ignores APMATRIX_DEV, so no environment variable opens the renderer's console
const dev = !app.isPackaged;
const log = (line: string) => process.stdout.write(`apmatrix: ${line}\n`);

// tests and portable runs may point userData at a fresh folder
if (process.env.APMATRIX_USER_DATA) app.setPath('userData', process.env.APMATRIX_USER_DATA);
app.enableSandbox();
registerAppScheme(electron);
if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;
let routerPromise: Promise<RouterApi> | null = null;

/** The engine, loaded once, on first need or right after the window shows. */
function getRouter(): Promise<RouterApi> {
  routerPromise ??= import('./engine/router').then(({ createRouter }) => {
    const router = createRouter({ log }) as RouterApi;
    router.onApplyProgress((progress: ApplyProgress) => {
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send(PROGRESS_CHANNEL, progress);
    });
    return router;
  });
  return routerPromise;
}

async function saveWithDialog(req: { suggestedName: string; text: string }) {
  const options = { defaultPath: path.join(app.getPath('downloads'), safeFileName(req.suggestedName)) };
  const { canceled, filePath } = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  if (canceled || !filePath) return { saved: false, path: null };
  await writeFile(filePath, req.text);
  return { saved: true, path: filePath };
}

function openMainWindow(): void {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const state = loadWindowState(stateFile, displays, screen.getPrimaryDisplay().workArea);
  const win = createMainWindow(electron, { preloadPath, state, dev, dark: nativeTheme.shouldUseDarkColors });
  mainWindow = win;
  const remember = () => {
    if (!win.isDestroyed()) saveWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  win.on('close', remember);
  win.on('closed', () => {
    mainWindow = null;
  });
  win.once('ready-to-show', () => {
    win.show();
    // heavy modules after the first paint
    setImmediate(() => void getRouter().catch((err) => log(`engine failed to load: ${String(err)}`)));
  });
  void win.loadURL(APP_URL);
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});
app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  denyPermissions(session.defaultSession);
  handleAppProtocol(session.defaultSession, rendererDir);
  registerIpc(ipcMain, { getRouter, saveFile: saveWithDialog, checkPayload: checkRequestPayload, log });
  installMenu(electron, dev);
  openMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
});
