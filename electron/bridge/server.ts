/**
 * The browser mode's front door: the same router Electron registers on
 * ipcMain, served on 127.0.0.1 to one page that holds a random token.
 *
 *   GET  /?token=T            the renderer (static files from dist/renderer only)
 *   POST /api/<method>        body {"method"?: name, "params": request}, header X-ApMatrix-Token: T
 *                             -> 200 with the result itself as the JSON body, or
 *                                4xx/5xx with {"error": {"code": "...", "message": "<sentence>"}}
 *                                (the protocol of renderer/src/api/bridgeClient.ts)
 *   WS   /events?token=T      pushes {"type": "apply-progress", "payload": ApplyProgress}
 *                             (also as "data", the name in the first protocol draft)
 *
 * A page names itself (header X-ApMatrix-Page, required on every API request;
 * `&page=` on /events): it holds
 * at most MAX_PAGE_CONNECTIONS connections, and they are freed when its last
 * /events socket has been closed for pageGraceMs (pageConnections.ts).
 *
 * Every request is checked: Host must name this loopback port (no DNS
 * rebinding), Origin (sent by browsers on every POST and WebSocket) must be
 * this server, and the token must match. The page itself needs the token in
 * its query; its assets (the public build output, nothing secret) need only the
 * Host check. No cookie carries the token: cookies are not scoped by port, so
 * a browser would send it to every other service on 127.0.0.1.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { escapeControls } from '../../shared/api/printable';
import { contentSecurityPolicy } from './csp';
import { createDownloadsSaver } from './downloads';
import { createPageConnections, PAGE_ID } from './pageConnections';
import { errorCode, errorSentence, isApiMethod, type PayloadCheck, type RouterApi } from './routerApi';
import { readStaticFile } from './staticFiles';
import { HOST_ENCODING_HEADER, PACKED_HOSTS, packResult } from '../../shared/api/packedResults';

export const TOKEN_HEADER = 'x-apmatrix-token';
/** the page's own random id (pageConnections.ts) */
export const PAGE_HEADER = 'x-apmatrix-page';
/** the 400 sentence for an API request that does not name its page */
export const MISSING_PAGE_SENTENCE =
  'API requests must name their page in the X-ApMatrix-Page header (8 to 64 letters, digits, "_" or "-"): reload the page.';
/** connections one page may hold */
export const MAX_PAGE_CONNECTIONS = 8;
/** A plan of a few thousand operations or a 4 MB export fits; anything bigger is refused. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  500: 'FAILED',
  501: 'NOT_IMPLEMENTED'
};

export interface BridgeOptions {
  router: RouterApi;
  /** dist/renderer */
  staticDir: string;
  /** 0 (default) picks a free port */
  port?: number;
  /** runtime payload checks (shared/api/validators); requests failing them never reach the router */
  checkPayload?: PayloadCheck;
  /** where saveFile writes; defaults to ~/Downloads/apmatrix or a temp folder */
  downloadsDir?: string;
  /** fixed token for tests; random otherwise */
  token?: string;
  /** a page without its /events socket this long loses its connections (default 5 s) */
  pageGraceMs?: number;
  log?: (line: string) => void;
}

export interface BridgeServer {
  /** the page's URL, token included */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBridgeServer(opts: BridgeOptions): Promise<BridgeServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  // log lines quote request headers and error sentences: no control character reaches the terminal
  const sink = opts.log ?? (() => {});
  const log = (line: string) => sink(escapeControls(line));
  const saveFile = createDownloadsSaver(opts.downloadsDir);
  const sockets = new Set<WebSocket>();
  const pages = createPageConnections({
    disconnect: (connectionId) => opts.router.disconnect?.({ connectionId }) ?? Promise.resolve(),
    maxPerPage: MAX_PAGE_CONNECTIONS,
    graceMs: opts.pageGraceMs ?? 5000,
    log
  });
  const pageOf = (v: string | string[] | null | undefined) => (typeof v === 'string' && PAGE_ID.test(v) ? v : null);
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  /** null when acceptable, else the reason (for the log and the 403 body) */
  function checkHostAndOrigin(req: http.IncomingMessage, originRequired: boolean): string | null {
    if (!allowedHosts().includes(req.headers.host ?? '')) return `Host "${req.headers.host ?? ''}" is not this server.`;
    const origin = req.headers.origin;
    if (origin === undefined) return originRequired ? 'The request has no Origin header.' : null;
    return allowedOrigins().includes(origin) ? null : `Origin "${origin}" is not allowed.`;
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff'
    });
    res.end(text);
  }

  function refuse(res: http.ServerResponse, status: number, message: string, code = STATUS_CODES[status] ?? 'ERROR'): void {
    log(`bridge: refused ${status}: ${message}`);
    sendJson(res, status, { error: { code, message } });
  }

  function readBody(req: http.IncomingMessage): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_BODY_BYTES) return resolve(null);
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          // stop keeping it, but drain instead of destroying the socket, so the
          // client gets its 413 sentence rather than a connection reset
          chunks.length = 0;
          req.removeAllListeners('data');
          req.resume();
          resolve(null);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'Use POST for API requests.');
    if (!isApiMethod(name)) return refuse(res, 404, `There is no request named "${name}".`);
    // every request names its page (the page's bridge client always does): one
    // without it would escape the per-page connection cap
    const page = pageOf(req.headers[PAGE_HEADER]);
    if (!page) return refuse(res, 400, MISSING_PAGE_SENTENCE);
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'API requests must be sent as application/json.');
    }
    const text = await readBody(req);
    if (text === null) {
      res.setHeader('Connection', 'close');
      return refuse(res, 413, `The request is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return refuse(res, 400, 'The request body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse(res, 400, 'The request body must be an object {"params": ...}.');
    }
    const params = (body as { params?: unknown }).params;
    const problem = opts.checkPayload?.(name, params) ?? null;
    if (problem) return refuse(res, 400, problem);
    const tooMany = name === 'connect' ? pages.refusal(page) : null;
    if (tooMany) return sendJson(res, 200, { ok: false, need: 'error', message: tooMany });
    try {
      const fn = name === 'saveFile' ? saveFile : (opts.router[name] as ((p: unknown) => Promise<unknown>) | undefined)?.bind(opts.router);
      if (!fn) return refuse(res, 501, `The router does not implement "${name}".`);
      const result = await (fn as (p: unknown) => Promise<unknown>)(params);
      pages.answered(page, name, params, result);
      // a page that asks for it gets hosts packed (issue 9: 8.7 MB of JSON for `full` becomes < 1 MB)
      sendJson(
        res,
        200,
        req.headers[HOST_ENCODING_HEADER.toLowerCase()] === PACKED_HOSTS ? packResult(name, result ?? null) : (result ?? null)
      );
    } catch (err) {
      log(`bridge: ${name} failed: ${errorSentence(err)}`);
      refuse(res, 500, errorSentence(err), errorCode(err));
    }
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served.');
    const file = await readStaticFile(opts.staticDir, url.pathname);
    if (!file) return refuse(res, 404, 'Not found.');
    if (file.isHtml && !sameSecret(url.searchParams.get('token'), token)) {
      return refuse(res, 403, 'Open the URL printed by `npm start`: it carries the access token.');
    }
    const headers: Record<string, string | number | string[]> = {
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // the token is in the page URL: never leak it in a Referer
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin'
    };
    if (file.isHtml) {
      headers['Content-Security-Policy'] = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
      headers['X-Frame-Options'] = 'DENY';
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname.startsWith('/api/');
    const problem = checkHostAndOrigin(req, isApi);
    if (problem) return refuse(res, 403, problem);
    if (isApi) {
      if (!sameSecret(req.headers[TOKEN_HEADER] as string | undefined, token)) {
        return refuse(res, 403, 'The access token is missing or wrong.');
      }
      handleApi(req, res, url.pathname.slice('/api/'.length)).catch((err) => refuse(res, 500, errorSentence(err)));
      return;
    }
    handleStatic(req, res, url).catch((err) => refuse(res, 500, errorSentence(err)));
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  // the page only listens; 4 KB covers pings and anything a client might send by mistake
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const problem =
      url.pathname !== '/events'
        ? 'Only /events accepts WebSocket connections.'
        : (checkHostAndOrigin(req, true) ??
          (sameSecret(url.searchParams.get('token'), token) ? null : 'The access token is missing or wrong.'));
    if (problem) {
      log(`bridge: refused WebSocket: ${problem}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const page = pageOf(url.searchParams.get('page'));
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      if (page) pages.socketOpened(page);
      // 'close' follows 'error' too: the page is counted out once
      ws.on('close', () => {
        sockets.delete(ws);
        if (page) pages.socketClosed(page);
      });
      ws.on('error', () => sockets.delete(ws));
    });
  });

  const unsubscribe = opts.router.onApplyProgress((progress) => {
    const text = JSON.stringify({ type: 'apply-progress', payload: progress, data: progress });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      unsubscribe();
      pages.dispose();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}
