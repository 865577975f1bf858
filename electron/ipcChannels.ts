/**
 * IPC channel names, shared by ipc.ts (main) and preload.ts. One channel per
 * contract request, one for apply progress, one for menu commands.
 */
import type { ApiMethod } from '../shared/api/contract';

export const requestChannel = (method: ApiMethod): string => `apmatrix:${method}`;
export const PROGRESS_CHANNEL = 'apmatrix:apply-progress';
export const MENU_CHANNEL = 'apmatrix:menu';

/**
 * Menu commands the renderer can receive. The preload turns each into a DOM
 * event on window named `apmatrix-menu-<command>` (no payload crosses worlds).
 */
export const MENU_COMMANDS = ['export', 'undo', 'redo', 'toggle-theme'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** What every IPC handler answers; the preload unwraps it so errors stay plain sentences. */
export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: string };
