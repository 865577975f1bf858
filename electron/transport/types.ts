/**
 * What the engine needs from a way of reaching a host.
 *
 * `Transport` is a shell-capable channel (local `sh`, SSH): it runs one POSIX
 * sh script per call, i.e. one round trip, as root (sudo -n over SSH when the
 * login user is not root). `HostLink` is what the reader and the applier use:
 * one dump per read, one plan run per apply; it is built on a Transport by
 * `shellLink`, or directly on the in-process kernel model by `simulatedLink`.
 */
import type { HostState } from '../../shared/host/hostState';
import type { Plan } from '../../shared/plan/operations';
import type { Journal, JournalContinuation } from '../../shared/export/shellJournal';
import type { PersistUndo } from '../../shared/export/persistJournal';

/** How a plan run relates to an interrupted apply journalled on the host. */
export interface PlanRunOptions {
  /** finish it: the plan given is the rest of `continues.plan` */
  continues?: JournalContinuation;
  /** roll it back: the digest of the journal the run clears once done */
  clearsJournal?: string;
  /** roll it back: what its landed persistent changes replaced (persistJournal.ts) */
  persistRestore?: PersistUndo[];
  /** which side to write (persistScript.ts); default: the script decides (both where /etc is writable) */
  persist?: 'active' | 'persistent' | 'both';
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** exit status of the script */
  code: number;
}

export interface RunOptions {
  /** each chunk of stdout as it arrives (progress) */
  onStdout?: (chunk: string) => void;
  /** give up (and reject with code `timeout`) after this long; none by default */
  timeoutMs?: number;
}

export interface Transport {
  /** `local:/sys`, `ssh:alias` */
  readonly label: string;
  /** sends `script` to sh on stdin; rejects with TransportError */
  run(script: string, opts?: RunOptions): Promise<RunResult>;
  /** opens the connection again after it was lost (no-op for local) */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}

export type TransportErrorCode =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'need-secret'
  | 'auth-failed'
  | 'connect-failed'
  | 'timeout'
  | 'connection-lost'
  | 'permission'
  | 'config';

/** An error of a transport, with a code the router maps to a ConnectResult. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly extra: { fingerprint?: string; knownFingerprint?: string; partialStdout?: string } = {}
  ) {
    super(message);
  }
}

/** The outcome of running a plan in machine mode: the protocol lines seen, in order. */
export interface PlanRun {
  /** every complete stdout line (PREFLIGHT ..., STEP n OK, STEP n FAIL text, DONE) */
  lines: string[];
  /** stderr text (shown when nothing else explains a failure) */
  stderr: string;
  exitCode: number | null;
  /** the connection dropped before the script finished */
  lost: boolean;
  lostReason?: string;
}

/** `persist`: which configuration the plan goes to (default: both where the persistent root is writable) */
export interface HostLink {
  readonly label: string;
  /** the `source` given to parseDump (`ssh:alias`, `local:/sys`, `demo:default`) */
  readonly source: string;
  /**
   * the raw framed dump, in one round trip; `afterApply` first waits while a
   * plan script still holds the AP configuration lock (after a lost connection)
   */
  dump(opts?: { afterApply?: boolean }): Promise<string>;
  /** runs the plan's machine-mode script in one round trip; `onLine` gets each protocol line */
  runPlan(host: HostState, plan: Plan, onLine: (line: string) => void, opts?: PlanRunOptions): Promise<PlanRun>;
  /** the apply journals on the host (shared/export/shellJournal.ts); a link without them has none */
  readJournals?(): Promise<Journal[]>;
  reconnect(): Promise<void>;
  close(): Promise<void>;
}
