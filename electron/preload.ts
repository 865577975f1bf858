/**
 * The only bridge between the sandboxed renderer and main: `window.apmatrix`
 * holds exactly the ApMatrixApi functions, each a named call on its own
 * channel. No ipcRenderer, no event objects and no Node reach the page (B3
 * items 3, 4, 20). Bundled into one CommonJS file by esbuild because a
 * sandboxed preload cannot require local files.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApMatrixApi, ApiMethod, ApplyProgress } from '../shared/api/contract';
import { MENU_CHANNEL, MENU_COMMANDS, PROGRESS_CHANNEL, requestChannel, type IpcEnvelope } from './ipcChannels';

async function call(method: ApiMethod, params: unknown): Promise<never> {
  const reply = (await ipcRenderer.invoke(requestChannel(method), params)) as IpcEnvelope;
  if (reply && reply.ok === true) return reply.result as never;
  throw new Error(reply && reply.ok === false ? reply.error : `The ${method} request got no answer.`);
}

const api: ApMatrixApi = {
  listTargets: () => call('listTargets', undefined),
  connect: (req) => call('connect', req),
  readHost: (req) => call('readHost', req),
  disconnect: (req) => call('disconnect', req),
  validatePlan: (req) => call('validatePlan', req),
  applyPlan: (req) => call('applyPlan', req),
  exportPlan: (req) => call('exportPlan', req),
  saveFile: (req) => call('saveFile', req),
  readFleet: (req) => call('readFleet', req),
  rereadFleetHost: (req) => call('rereadFleetHost', req),
  onApplyProgress(listener) {
    if (typeof listener !== 'function') throw new TypeError('onApplyProgress needs a function.');
    // strip the IpcRendererEvent: the page only ever sees the progress value
    const forward = (_event: IpcRendererEvent, progress: ApplyProgress) => listener(progress);
    ipcRenderer.on(PROGRESS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, forward);
    };
  }
};

contextBridge.exposeInMainWorld('apmatrix', api);

// menu commands become plain DOM events (`apmatrix-menu-export` ...), nothing callable
ipcRenderer.on(MENU_CHANNEL, (_event: IpcRendererEvent, command: unknown) => {
  if ((MENU_COMMANDS as readonly unknown[]).includes(command)) window.dispatchEvent(new Event(`apmatrix-menu-${command}`));
});
