/**
 * A stand-in for the `electron` module, for running the BUNDLED main process
 * (dist/electron/main.js) under plain Node where no Electron binary exists.
 * It records what main.ts asks of Electron, then drives the app as Electron
 * would (ready, ready-to-show, a protocol request, IPC calls, a navigation)
 * and prints one JSON report line prefixed `FAKE-ELECTRON-REPORT `.
 * Loaded through a resolve hook (fakeElectronHook.mjs): main.js is unchanged.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const report = { order: [], schemes: null, windows: [], ipcChannels: [], checks: {} };
const log = (what) => report.order.push(what);

let readyResolve;
const ready = new Promise((r) => (readyResolve = r));
const userData = mkdtempSync(path.join(tmpdir(), 'apmatrix-fake-electron-'));
let protocolHandler = null;
const ipcHandlers = new Map();
let permissionHandler = null;
const windows = [];

export const app = Object.assign(new EventEmitter(), {
  // FAKE_ELECTRON_PACKAGED=1 plays a packaged build (electron-builder's app.asar)
  isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
  setPath: (name, _value) => log(`app.setPath ${name}`),
  getPath: (name) => (name === 'userData' ? userData : path.join(userData, name)),
  enableSandbox: () => log('app.enableSandbox'),
  requestSingleInstanceLock: () => true,
  quit: () => log('app.quit'),
  whenReady: () => ready
});

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => {
    log('protocol.registerSchemesAsPrivileged');
    report.schemes = schemes;
  }
};

export const session = {
  defaultSession: {
    protocol: {
      handle: (scheme, handler) => {
        log(`protocol.handle ${scheme}`);
        protocolHandler = handler;
      }
    },
    setPermissionRequestHandler: (h) => (permissionHandler = h),
    setPermissionCheckHandler: (h) => (report.checks.permissionCheck = h(null, 'media', '', {})),
    setDevicePermissionHandler: (h) => (report.checks.devicePermission = h({}))
  }
};

class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.sent = [];
    this.openHandler = null;
  }
  setWindowOpenHandler(h) {
    this.openHandler = h;
  }
  send(channel, value) {
    this.sent.push([channel, value]);
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return windows;
  }
  constructor(options) {
    super();
    log('new BrowserWindow');
    this.options = options;
    this.webContents = new FakeWebContents();
    this.url = null;
    this.shown = false;
    windows.push(this);
    report.windows.push({ webPreferences: options.webPreferences, show: options.show, width: options.width, height: options.height });
  }
  loadURL(url) {
    this.url = url;
    log(`loadURL ${url}`);
    return Promise.resolve();
  }
  show() {
    this.shown = true;
    log('window.show');
  }
  maximize() {}
  isDestroyed() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1300, height: 850 };
  }
}

export const ipcMain = {
  handle: (channel, fn) => {
    report.ipcChannels.push(channel);
    ipcHandlers.set(channel, fn);
  }
};

export const Menu = {
  buildFromTemplate: (t) => t,
  setApplicationMenu: (m) => {
    report.menu = m.map((item) => item.label ?? item.role);
  }
};
export const dialog = { showSaveDialog: async () => ({ canceled: true }) };
export const nativeTheme = { shouldUseDarkColors: false };
const area = { x: 0, y: 0, width: 1920, height: 1080 };
export const screen = { getAllDisplays: () => [{ workArea: area }], getPrimaryDisplay: () => ({ workArea: area }) };
export const shell = {};
export default { app, protocol, session, BrowserWindow, ipcMain, Menu, dialog, nativeTheme, screen, shell };

/** Drives the app as Electron would, then prints the report. */
async function drive() {
  await new Promise((r) => setTimeout(r, 50)); // main.js has run its top level
  readyResolve();
  await new Promise((r) => setTimeout(r, 50));
  const win = windows[0];
  const c = report.checks;
  c.loadedUrl = win?.url ?? null;

  const page = await protocolHandler(new Request('app://apmatrix/index.html'));
  c.indexStatus = page.status;
  c.indexCsp = page.headers.get('content-security-policy');
  c.indexHasRoot = (await page.text()).includes('id="root"');
  c.escapeStatus = (await protocolHandler(new Request('app://apmatrix/..%2f..%2fpackage.json'))).status;
  c.otherHostStatus = (await protocolHandler(new Request('app://elsewhere/index.html'))).status;

  let denied = null;
  permissionHandler({}, 'media', (ok) => (denied = !ok));
  c.permissionDenied = denied;

  let prevented = false;
  win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.com/');
  c.navigationPrevented = prevented;
  c.windowOpen = win.webContents.openHandler?.({ url: 'https://example.com/' }) ?? null;

  // before the window shows, the engine is not loaded; a request loads it on demand
  const trusted = { senderFrame: { url: 'app://apmatrix/index.html', parent: null } };
  const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
  win.emit('ready-to-show');
  c.shown = win.shown;
  const targets = await ipcHandlers.get('apmatrix:listTargets')(trusted, undefined);
  c.listTargetsOk = targets.ok;
  c.scenarioNames = targets.ok ? targets.result.scenarios.map((s) => s.name) : targets.error;
  c.foreignSender = await ipcHandlers.get('apmatrix:listTargets')(foreign, undefined);
  c.badPayload = await ipcHandlers.get('apmatrix:readHost')(trusted, { connectionId: 42 });
  const connected = await ipcHandlers.get('apmatrix:connect')(trusted, { target: { kind: 'demo', scenario: 'demo' } });
  c.connectLabel = connected.ok && connected.result.ok ? connected.result.label : JSON.stringify(connected);
  win.emit('close');
  c.windowState = JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8'));
  process.stdout.write(`FAKE-ELECTRON-REPORT ${JSON.stringify(report)}\n`);
  process.exit(0);
}

void drive().catch((err) => {
  process.stdout.write(`FAKE-ELECTRON-REPORT ${JSON.stringify({ error: String(err && err.stack) })}\n`);
  process.exit(1);
});
