/**
 * Where the renderer's ApMatrixApi comes from: the Electron preload exposes it
 * as `window.apmatrix`; in browser mode the page talks to the loopback bridge
 * (see bridgeClient.ts) with the token from its own URL.
 */
import type { ApMatrixApi } from '../../../shared/api/contract';
import { createBridgeClient } from './bridgeClient';
import { withHostCodec } from './hostCodecApi';

declare global {
  interface Window {
    apmatrix?: ApMatrixApi;
  }
}

let cached: ApMatrixApi | null = null;

export function getApi(): ApMatrixApi {
  if (cached) return cached;
  if (window.apmatrix) {
    cached = withHostCodec(window.apmatrix);
  } else {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    cached = withHostCodec(createBridgeClient(location.origin, token));
  }
  return cached;
}

/** Tests replace the api (for instance with a fake) before the app starts. */
export function setApi(api: ApMatrixApi): void {
  cached = api;
}
