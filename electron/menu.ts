/**
 * The application menu with the usual accelerators. App commands (export,
 * plan undo/redo, theme) go to the renderer as menu events through the
 * preload; text editing, zoom and quit use Electron's roles. Reload and the
 * developer tools exist only in development.
 */
import type * as ElectronNs from 'electron';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { MENU_CHANNEL, type MenuCommand } from './ipcChannels';

type Electron = typeof ElectronNs;

function send(win: BrowserWindow | undefined | null, command: MenuCommand): void {
  win?.webContents.send(MENU_CHANNEL, command);
}

export function buildMenuTemplate(opts: { dev: boolean; isMac: boolean }): MenuItemConstructorOptions[] {
  const command =
    (name: MenuCommand) =>
    (_item: unknown, win: unknown): void =>
      send(win as BrowserWindow | undefined, name);
  const template: MenuItemConstructorOptions[] = [];
  if (opts.isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'Export Plan…', accelerator: 'CmdOrCtrl+E', click: command('export') },
        { type: 'separator' },
        opts.isMac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' }
      ]
    },
    {
      label: '&Edit',
      submenu: [
        // plan undo/redo: a focused text field handles Ctrl+Z itself first
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: command('undo') },
        { label: 'Redo', accelerator: opts.isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y', click: command('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' }
      ]
    },
    {
      label: '&View',
      submenu: [
        { label: 'Toggle Theme', accelerator: 'CmdOrCtrl+Shift+L', click: command('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(opts.dev ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : [])
      ]
    },
    { role: 'windowMenu' }
  );
  return template;
}

export function installMenu(electron: Electron, dev: boolean): void {
  const template = buildMenuTemplate({ dev, isMac: process.platform === 'darwin' });
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template));
}
