/**
 * The connection: targets, connect with progress, host-key and passphrase
 * prompts (the passphrase is passed once to connect and never kept), errors.
 */
import type { ConnectRequest, ConnectTarget, TargetList } from '../../../shared/api/contract';
import { getApi } from '../api/getApi';
import type { Slice } from './types';

export interface HostKeyPrompt {
  req: ConnectRequest;
  fingerprint: string;
  knownFingerprint: string | null;
  message: string;
}

export interface SessionSlice {
  targets: TargetList | null;
  connection: { id: string; label: string; target: ConnectTarget } | null;
  /** non-null while a connect or read is running: what is happening */
  busy: string | null;
  connectError: string | null;
  hostKeyPrompt: HostKeyPrompt | null;
  secretPrompt: { req: ConnectRequest; message: string } | null;
  errorBanner: string | null;
  start(): Promise<void>;
  connect(req: ConnectRequest): Promise<void>;
  answerHostKey(accept: boolean): void;
  answerSecret(secret: string | null): void;
  reread(): Promise<void>;
  showError(message: string | null): void;
}

export function describeTarget(t: ConnectTarget): string {
  switch (t.kind) {
    case 'demo':
      return `demo host "${t.scenario}"`;
    case 'local':
      return `local sysfs at ${t.root}`;
    case 'ssh':
      return `SSH host ${t.host}`;
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

export const createSessionSlice: Slice<SessionSlice> = (set, get) => ({
  targets: null,
  connection: null,
  busy: null,
  connectError: null,
  hostKeyPrompt: null,
  secretPrompt: null,
  errorBanner: null,

  async start() {
    try {
      set({ targets: await getApi().listTargets() });
    } catch (e) {
      set({ errorBanner: `Could not list the hosts: ${errorText(e)}` });
    }
    await get().connect({ target: { kind: 'demo', scenario: 'demo' } });
  },

  async connect(req) {
    set({ busy: `Connecting to ${describeTarget(req.target)}…`, connectError: null, hostKeyPrompt: null, secretPrompt: null });
    try {
      const res = await getApi().connect(req);
      if (res.ok) {
        // the host left behind is freed: the main process would otherwise keep its whole state
        const previous = get().connection;
        // (a failure to free it must not turn this successful connect into an error)
        if (previous && previous.id !== res.connectionId) void Promise.resolve().then(() => getApi().disconnect({ connectionId: previous.id })).catch(() => undefined);
        set({ connection: { id: res.connectionId, label: res.label, target: req.target }, busy: null, errorBanner: null });
        get().setHost(res.host, res.findings);
        return;
      }
      const plain: ConnectRequest = { target: req.target, acceptHostKey: req.acceptHostKey };
      if (res.need === 'host-key') {
        set({ busy: null, hostKeyPrompt: { req: plain, fingerprint: res.fingerprint ?? '(none given)', knownFingerprint: res.knownFingerprint ?? null, message: res.message } });
      } else if (res.need === 'secret') {
        set({ busy: null, secretPrompt: { req: plain, message: res.message } });
      } else {
        set({ busy: null, connectError: res.message, errorBanner: `${describeTarget(req.target)}: ${res.message}` });
      }
    } catch (e) {
      const message = errorText(e);
      set({ busy: null, connectError: message, errorBanner: `${describeTarget(req.target)}: ${message}` });
    }
  },

  answerHostKey(accept) {
    const p = get().hostKeyPrompt;
    if (!p) return;
    set({ hostKeyPrompt: null });
    if (accept) void get().connect({ ...p.req, acceptHostKey: p.fingerprint });
    else set({ connectError: `Host key ${p.fingerprint} was not accepted; not connected.` });
  },

  answerSecret(secret) {
    const p = get().secretPrompt;
    if (!p) return;
    set({ secretPrompt: null });
    if (secret !== null) void get().connect({ ...p.req, secret });
  },

  async reread() {
    const c = get().connection;
    if (!c) return;
    set({ busy: `Reading ${c.label}…` });
    try {
      const { host, findings } = await getApi().readHost({ connectionId: c.id });
      set({ busy: null });
      get().setHost(host, findings);
    } catch (e) {
      set({ busy: null, errorBanner: `Reading ${c.label} failed: ${errorText(e)}` });
    }
  },

  showError: (errorBanner) => set({ errorBanner })
});
