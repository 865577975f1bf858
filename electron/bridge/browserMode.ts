/**
 * Starts the browser mode: the real router (engine, transports) behind the
 * loopback bridge. Used by `npm start` when there is no Electron binary and by
 * the end-to-end tests.
 */
import { createRouter, type RouterOptions } from '../engine/router';
import { checkRequestPayload } from './payloadCheck';
import { MAX_PAGE_CONNECTIONS, startBridgeServer, type BridgeServer } from './server';

export interface BrowserModeOptions {
  staticDir: string;
  port?: number;
  downloadsDir?: string;
  log?: (line: string) => void;
  /** for tests: a home with its own ~/.ssh/config, a lock path ... */
  routerOptions?: RouterOptions;
}

export async function startBrowserMode(opts: BrowserModeOptions): Promise<BridgeServer> {
  // each page holds at most MAX_PAGE_CONNECTIONS (the bridge counts); the router's cap bounds all pages together
  const router = createRouter({ log: opts.log, maxConnections: 4 * MAX_PAGE_CONNECTIONS, ...opts.routerOptions });
  const bridge = await startBridgeServer({
    router,
    staticDir: opts.staticDir,
    port: opts.port,
    downloadsDir: opts.downloadsDir,
    checkPayload: checkRequestPayload,
    log: opts.log
  });
  const close = bridge.close.bind(bridge);
  return {
    ...bridge,
    async close() {
      await close();
      await (router as { dispose?: () => Promise<void> | void }).dispose?.();
    }
  };
}
