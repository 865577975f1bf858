/**
 * The shape of the router as the two front doors (Electron IPC and the browser
 * bridge) see it: the contract's request functions plus an apply-progress
 * subscription. `saveFile` is the shell's own job (a dialog in Electron, a
 * downloads folder in the browser mode), so the router need not provide it.
 */
import type { ApMatrixApi, ApiMethod, ApplyProgress } from '../../shared/api/contract';
import { API_METHODS } from '../../shared/api/contract';

export type RouterRequestFns = Omit<Pick<ApMatrixApi, ApiMethod>, 'saveFile'> & Partial<Pick<ApMatrixApi, 'saveFile'>>;

export interface RouterApi extends RouterRequestFns {
  onApplyProgress(listener: (p: ApplyProgress) => void): () => void;
}

/** Checks a request payload; returns null when it is acceptable, else a sentence. */
export type PayloadCheck = (method: ApiMethod, params: unknown) => string | null;

/** Own-property lookup so `__proto__`, `constructor` and friends never resolve. */
export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

/** Turns anything thrown into the one sentence the renderer shows. */
export function errorSentence(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  return 'The request failed for an unknown reason.';
}

/** The error's code (a KernelError's errno name, ENOENT ...) or a generic one. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(code) ? code : 'FAILED';
}
