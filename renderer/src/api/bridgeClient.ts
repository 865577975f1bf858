/**
 * Browser-mode client of the AP Matrix bridge: the same ApMatrixApi the Electron
 * preload exposes, spoken over loopback HTTP and one WebSocket.
 *
 * Protocol (the bridge server in electron/bridge implements exactly this):
 *
 *   Request:   POST <baseUrl>/api/<method>
 *              Content-Type: application/json
 *              X-ApMatrix-Token: <token>
 *              body: {"method": "<method>", "params": <the one request object, or null>}
 *              <method> is one of API_METHODS (shared/api/contract.ts).
 *              X-ApMatrix-Host-Encoding: packed/1 asks for hosts packed
 *              (shared/api/packedResults.ts); hostCodecApi.ts decodes them.
 *   Response:  200 with the method's result as JSON (the body IS the result).
 *              Any other status: JSON {"error": {"code": "...", "message": "..."}}
 *              (a plain-text body is accepted too); the client throws an
 *              ApiError carrying code and message.
 *   Events:    WebSocket ws://<host>/events?token=<token> (same host and port as
 *              baseUrl). The server sends JSON text frames
 *              {"type": "apply-progress", "payload": ApplyProgress}.
 *              The client opens the socket at the first onApplyProgress
 *              subscription and reconnects (1 s back-off) while listeners exist.
 *   Leaving:   on `pagehide` the client sends `disconnect` (fetch keepalive) for
 *              every connection the page still holds.
 *   Presence:  every request carries X-ApMatrix-Page: <random page id>, and the
 *              events socket `&page=<id>`; it stays open while the page holds
 *              a connection, so a page that dies without `pagehide` (crash,
 *              kill) loses its connections when the socket closes.
 *
 * The token and the base come from the page's own URL: the bridge opens
 * `http://127.0.0.1:<port>/?token=<token>` and serves the renderer from there,
 * so baseUrl is `location.origin` and token is `?token=`.
 */
import type { ApMatrixApi, ApiMethod, ApplyProgress } from '../../../shared/api/contract';
import { HOST_ENCODING_HEADER, PACKED_HOSTS } from '../../../shared/api/packedResults';

export const TOKEN_HEADER = 'X-ApMatrix-Token';
export const PAGE_HEADER = 'X-ApMatrix-Page';

/** this page's random name for the bridge (which connections are its own) */
function newPageId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly method: string
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function readError(res: Response, method: string): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(body.error.code ?? `HTTP${res.status}`, body.error.message, method);
  } catch {
    // not JSON: fall through to the text
  }
  return new ApiError(`HTTP${res.status}`, text.trim() || `${method} failed with HTTP ${res.status}`, method);
}

export function createBridgeClient(baseUrl: string, token: string): ApMatrixApi {
  const base = baseUrl.replace(/\/+$/, '');
  const pageId = newPageId();

  async function call<T>(method: ApiMethod, params: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token, [PAGE_HEADER]: pageId, [HOST_ENCODING_HEADER]: PACKED_HOSTS },
        body: JSON.stringify({ method, params: params ?? null })
      });
    } catch (e) {
      throw new ApiError('ECONNREFUSED', `The AP Matrix bridge at ${base} does not answer (${String(e)}). Is it still running?`, method);
    }
    if (!res.ok) throw await readError(res, method);
    return (await res.json()) as T;
  }

  // connections this page holds: freed when the page goes away (closed, reloaded,
  // navigated), else the bridge would keep every host state it ever read
  const held = new Set<string>();
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', () => {
      for (const connectionId of held) {
        // keepalive: the request outlives the page (sendBeacon cannot carry the token header)
        void fetch(`${base}/api/disconnect`, {
          method: 'POST',
          keepalive: true,
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token, [PAGE_HEADER]: pageId },
          body: JSON.stringify({ method: 'disconnect', params: { connectionId } })
        }).catch(() => undefined);
      }
      held.clear();
    });
  }

  const listeners = new Set<(p: ApplyProgress) => void>();
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;

  function eventsUrl(): string {
    const u = new URL(base);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.pathname = '/events';
    u.search = `?token=${encodeURIComponent(token)}&page=${pageId}`;
    return u.toString();
  }

  /** the socket is wanted while someone listens for progress or the page holds a connection (its presence) */
  const wanted = () => listeners.size > 0 || held.size > 0;

  function openSocket(): void {
    if (socket || !wanted()) return;
    const ws = new WebSocket(eventsUrl());
    socket = ws;
    ws.onmessage = (ev) => {
      try {
        const msg = JSON.parse(String(ev.data)) as { type?: string; payload?: ApplyProgress };
        if (msg.type === 'apply-progress' && msg.payload) for (const l of listeners) l(msg.payload);
      } catch {
        // ignore frames that are not ours
      }
    };
    ws.onclose = () => {
      socket = null;
      if (wanted() && !retry) retry = setTimeout(() => ((retry = null), openSocket()), 1000);
    };
  }

  return {
    listTargets: () => call('listTargets', null),
    readHost: (req) => call('readHost', req),
    async connect(req) {
      const res = await call<Awaited<ReturnType<ApMatrixApi['connect']>>>('connect', req);
      if (res.ok) {
        held.add(res.connectionId);
        openSocket();
      }
      return res;
    },
    async disconnect(req) {
      held.delete(req.connectionId);
      return call('disconnect', req);
    },
    validatePlan: (req) => call('validatePlan', req),
    applyPlan: (req) => call('applyPlan', req),
    exportPlan: (req) => call('exportPlan', req),
    saveFile: (req) => call('saveFile', req),
    readFleet: (req) => call('readFleet', req),
    rereadFleetHost: (req) => call('rereadFleetHost', req),
    onApplyProgress(listener) {
      listeners.add(listener);
      openSocket();
      return () => {
        listeners.delete(listener);
        if (!wanted() && socket) {
          socket.close();
          socket = null;
        }
      };
    }
  };
}
