/**
 * The connection: targets, connect with progress, host-key and passphrase
 * prompts (the passphrase is passed once to connect and never kept), errors.
 */
import type { ConnectRequest, ConnectTarget, TargetList } from '../../../shared/api/contract';
import { getApi } from '../api/getApi';
import { hostKey, lastTarget, loadPlan, rememberTarget } from './planStorage';
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
  /** confirmed: the user agreed to leave the current host's plan (kept for that host) */
  connect(req: ConnectRequest, opts?: { confirmed?: boolean }): Promise<void>;
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
    // a reload comes back to the host it showed, and to its plan
    await get().connect({ target: lastTarget() ?? { kind: 'demo', scenario: 'demo' } });
  },

  async connect(req, opts = {}) {
    const current = get().connection;
    if (!opts.confirmed && current && hostKey(current.target) !== hostKey(req.target) && (get().composed?.operations.length ?? 0) > 0) {
      set({ switchPrompt: req });
      return;
    }
    set({ busy: `Connecting to ${describeTarget(req.target)}…`, connectError: null, hostKeyPrompt: null, secretPrompt: null });
    try {
      const res = await getApi().connect(req);
      if (res.ok) {
        // the host left behind is freed: the main process would otherwise keep its whole state
        const previous = get().connection;
        // (a failure to free it must not turn this successful connect into an error)
        if (previous && previous.id !== res.connectionId)
          void Promise.resolve()
            .then(() => getApi().disconnect({ connectionId: previous.id }))
            .catch(() => undefined);
        const sameHost = current && hostKey(current.target) === hostKey(req.target);
        const stored = sameHost ? null : loadPlan(req.target);
        set({ connection: { id: res.connectionId, label: res.label, target: req.target }, busy: null, errorBanner: null });
        rememberTarget(req.target);
        if (sameHost && get().edits.length) {
          const before = get().host!;
          get().setHost(res.host, res.findings, { keepPlan: true });
          get().noteHostChanged(before, 'Read again: the plan is kept and judged on the new state.');
        } else {
          get().setHost(res.host, res.findings);
          get().restoreStoredPlan(stored);
        }
        return;
      }
      const plain: ConnectRequest = { target: req.target, acceptHostKey: req.acceptHostKey };
      if (res.need === 'host-key') {
        set({
          busy: null,
          hostKeyPrompt: {
            req: plain,
            fingerprint: res.fingerprint ?? '(none given)',
            knownFingerprint: res.knownFingerprint ?? null,
            message: res.message
          }
        });
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
    if (accept) void get().connect({ ...p.req, acceptHostKey: p.fingerprint }, { confirmed: true });
    else set({ connectError: `Host key ${p.fingerprint} was not accepted; not connected.` });
  },

  answerSecret(secret) {
    const p = get().secretPrompt;
    if (!p) return;
    set({ secretPrompt: null });
    if (secret !== null) void get().connect({ ...p.req, secret }, { confirmed: true });
  },

  async reread() {
    const c = get().connection;
    if (!c) return;
    set({ busy: `Reading ${c.label}…` });
    try {
      const { host, findings } = await getApi().readHost({ connectionId: c.id });
      set({ busy: null });
      const before = get().host;
      get().setHost(host, findings, { keepPlan: true });
      if (before && get().edits.length) get().noteHostChanged(before, 'Read again: the plan is kept and judged on the new state.');
    } catch (e) {
      set({ busy: null, errorBanner: `Reading ${c.label} failed: ${errorText(e)}` });
    }
  },

  showError: (errorBanner) => set({ errorBanner })
});
