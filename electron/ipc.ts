/**
 * Registers the router on ipcMain: one handler per contract request. Main
 * never trusts the renderer (B3 item 17): each call must come from the app's
 * own top frame (`app://apmatrix`), and its payload must pass the runtime
 * checks before the router sees it. Answers are envelopes so the preload can
 * rethrow a plain sentence instead of Electron's "Error invoking remote method".
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_METHODS, type ApiMethod } from '../shared/api/contract';
import { packResult } from '../shared/api/packedResults';
import { errorSentence, type PayloadCheck, type RouterApi } from './bridge/routerApi';
import { requestChannel, type IpcEnvelope } from './ipcChannels';

export const APP_ORIGIN = 'app://apmatrix';

export interface IpcDeps {
  /** resolves once the engine is loaded (lazily, after the window shows) */
  getRouter(): Promise<RouterApi>;
  saveFile(req: { suggestedName: string; text: string }): Promise<{ saved: boolean; path: string | null }>;
  checkPayload: PayloadCheck;
  log?(line: string): void;
}

/** A request is trusted only from the app's own top-level page. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

export async function handleRequest(
  deps: IpcDeps,
  method: ApiMethod,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  params: unknown
): Promise<IpcEnvelope> {
  if (!isTrustedSender(event)) {
    deps.log?.(`ipc: refused ${method} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
    return { ok: false, error: 'This request did not come from the AP Matrix window.' };
  }
  const problem = deps.checkPayload(method, params);
  if (problem) return { ok: false, error: problem };
  try {
    if (method === 'saveFile') return { ok: true, result: await deps.saveFile(params as { suggestedName: string; text: string }) };
    const router = await deps.getRouter();
    const fn = router[method] as ((p: unknown) => Promise<unknown>) | undefined;
    if (!fn) return { ok: false, error: `The router does not implement "${method}".` };
    // hosts cross packed: cloning 65,536 queue objects costs more than decoding them (renderer/src/api/hostCodecApi.ts)
    return { ok: true, result: packResult(method, (await fn.call(router, params)) ?? null) };
  } catch (err) {
    deps.log?.(`ipc: ${method} failed: ${errorSentence(err)}`);
    return { ok: false, error: errorSentence(err) };
  }
}

export function registerIpc(ipcMain: IpcMain, deps: IpcDeps): void {
  for (const method of API_METHODS) {
    ipcMain.handle(requestChannel(method), (event, params: unknown) => handleRequest(deps, method, event, params));
  }
}
