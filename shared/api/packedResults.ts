/**
 * Which answers carry a whole HostState, and how they travel packed
 * (hostPacked.ts). The front doors pack (the browser bridge when the page asks
 * with HOST_ENCODING_HEADER, Electron's ipc always); the renderer's api client
 * unpacks. The router and the contract keep plain HostState: only the wire
 * changes, so the CLI, the tests and every validator see what they saw before.
 */
import type { ApiMethod } from './contract';
import { decodeHost, encodeHost, isPackedHost } from './hostPacked';
import type { HostState } from '../host/hostState';

/** Request header by which a bridge client asks for packed hosts; its value is PACKED_HOSTS. */
export const HOST_ENCODING_HEADER = 'X-ApMatrix-Host-Encoding';
export const PACKED_HOSTS = 'packed/1';

/** The field of each answer that holds a HostState. */
const HOST_FIELD: Partial<Record<ApiMethod, 'host' | 'after'>> = {
  connect: 'host', // only on { ok: true }
  readHost: 'host',
  applyPlan: 'host',
  validatePlan: 'after'
};

function mapHostField(method: ApiMethod, result: unknown, fn: (v: unknown) => unknown): unknown {
  const field = HOST_FIELD[method];
  if (!field || typeof result !== 'object' || result === null || !(field in result)) return result;
  return { ...result, [field]: fn((result as Record<string, unknown>)[field]) };
}

/** The answer with its HostState packed (anything else unchanged). */
export function packResult(method: ApiMethod, result: unknown): unknown {
  return mapHostField(method, result, (h) =>
    typeof h === 'object' && h !== null && Array.isArray((h as HostState).queues) ? encodeHost(h as HostState) : h
  );
}

/** The answer with a packed HostState decoded; answers that were not packed pass unchanged. */
export function unpackResult<T>(method: ApiMethod, result: T): T {
  return mapHostField(method, result, (h) => (isPackedHost(h) ? decodeHost(h) : h)) as T;
}
