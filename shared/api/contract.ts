/**
 * The request/response contract between the renderer and the main process.
 * One function per request. The preload (Electron) and the browser bridge
 * client both implement ApMatrixApi; main validates every payload at run time
 * (validators.ts) before the router sees it.
 */
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import type { FleetApi } from './fleetContract';

export type { FleetSource, FleetView, FleetHostView } from './fleetContract';

export type ScenarioName = 'default' | 'demo' | 'legacy' | 'full';

export type ConnectTarget =
  | { kind: 'demo'; scenario: ScenarioName; era?: 'E1' | 'E3' }
  | {
      kind: 'local';
      root: string;
      /** the host's /etc for the persistent files (`--etc-root`); absent = /etc as the root implies */ etcRoot?: string;
    }
  | { kind: 'ssh'; host: string };

export interface TargetList {
  scenarios: Array<{ name: ScenarioName; description: string }>;
  /** Host aliases from ~/.ssh/config */
  sshHosts: Array<{ alias: string; hostName: string; user: string | null; port: number | null }>;
  defaultLocalRoot: string;
}

export interface ConnectRequest {
  target: ConnectTarget;
  /** SHA256 fingerprint the user accepted for an unknown or changed host key */
  acceptHostKey?: string;
  /** passphrase for an encrypted key or password; used once, never stored */
  secret?: string;
}

export type ConnectResult =
  | { ok: true; connectionId: string; label: string; host: HostState; findings: Finding[] }
  | {
      ok: false;
      /** host-key: show fingerprint and ask; secret: ask a passphrase; error: show message */
      need: 'host-key' | 'secret' | 'error';
      message: string;
      fingerprint?: string;
      knownFingerprint?: string;
    };

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** stable code, e.g. `queue-in-two-mdevs` */
  code: string;
  severity: Severity;
  message: string;
  /** cells (adapter * 256 + domain) the finding concerns */
  cells: number[];
  /** mdev UUIDs concerned */
  mdevs: string[];
}

export interface OperationVerdict {
  /** null when the kernel would accept the write */
  errno: string | null;
  message: string;
}

export interface ValidationResult {
  verdicts: OperationVerdict[];
  /** index of the first refused operation, or -1 */
  firstFailure: number;
  /** host state after the plan (up to the first failure) */
  after: HostState;
  /** cells that change owner: gained and lost per owner ('host' or an mdev uuid) */
  changes: Array<{ owner: string; gained: number[]; lost: number[] }>;
  /**
   * Steps that would give an mdev's queue back to the host (shared/plan/safety):
   * 5.x kernels accept them, AP Matrix refuses them on every era. Main fills it
   * in; a plan with any is neither applied nor exported.
   */
  unsafe?: Array<{ step: number; mdev: string; cells: number[]; message: string }>;
}

export type ExportFormat = 'sh' | 'chzdev' | 'mdevctl' | 'libvirt' | 'kparm' | 'qemu' | 'lszcrypt' | 'ansible';

export interface ApplyProgress {
  applyId: string;
  step: number;
  total: number;
  state: 'running' | 'ok' | 'failed';
  message: string;
}

export interface ApplyResult {
  /** how many leading steps landed (checked against the re-read host) */
  landed: number;
  total: number;
  ok: boolean;
  /** what failed, in words, with the errno */
  error: string | null;
  host: HostState;
  findings: Finding[];
  /** the inverse of the landed steps */
  rollback: Plan;
  /** the host already was in the plan's end state: nothing was written */
  already?: boolean;
  /** the persistent part this run wrote (--persist persistent|both); absent when it wrote none */
  persistent?: PersistentOutcome;
  /** apply stopped because an interrupted apply is journalled on the host (nothing written) */
  interrupted?: { ownPlan: boolean; landed: number; total: number; journal: string };
}

/** What the plan script did to the persistent configuration (udev rule, mdevctl definitions). */
export interface PersistentOutcome {
  /** changes written (and kept) out of the total the run had to make */
  landed: number;
  total: number;
  /** a change failed and the earlier ones of this run were undone (true), or undoing failed (false) */
  undone?: boolean;
  /** in words, with how to undo it */
  message: string;
}

/** apply: the plan itself, or finish / roll back its interrupted apply journalled on the host */
export type ApplyMode = 'apply' | 'resume' | 'rollback';

export interface ApMatrixApi extends FleetApi {
  listTargets(): Promise<TargetList>;
  connect(req: ConnectRequest): Promise<ConnectResult>;
  readHost(req: { connectionId: string }): Promise<{ host: HostState; findings: Finding[] }>;
  /** frees a connection (SSH session, shell, cached host); `closed: false` when it was not open */
  disconnect(req: { connectionId: string }): Promise<{ closed: boolean }>;
  validatePlan(req: { connectionId: string; plan: Plan }): Promise<ValidationResult>;
  /** progress arrives through onApplyProgress while the promise is pending */
  /** persist: active, persistent or both (default: both where the persistent root is writable) */
  applyPlan(req: {
    connectionId: string;
    plan: Plan;
    fingerprint: string;
    mode?: ApplyMode;
    persist?: 'active' | 'persistent' | 'both';
  }): Promise<ApplyResult>;
  exportPlan(req: { connectionId: string; plan: Plan; format: ExportFormat }): Promise<{ text: string; filename: string }>;
  saveFile(req: { suggestedName: string; text: string }): Promise<{ saved: boolean; path: string | null }>;
  /** subscribe to apply progress; returns an unsubscribe function */
  onApplyProgress(listener: (p: ApplyProgress) => void): () => void;
}

/** The request names, shared by ipc.ts, the preload and the bridge. */
export const API_METHODS = [
  'listTargets',
  'connect',
  'readHost',
  'disconnect',
  'validatePlan',
  'applyPlan',
  'exportPlan',
  'saveFile',
  'readFleet',
  'rereadFleetHost'
] as const;
export type ApiMethod = (typeof API_METHODS)[number];
