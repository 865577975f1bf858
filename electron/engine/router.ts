/**
 * The request handlers of the main process as plain functions (docs/architecture.md).
 * Electron's ipc.ts and the browser bridge wrap the same router. Every payload
 * is checked by shared/api/validators before a handler sees it; apply progress
 * goes out through an event emitter (`onApplyProgress`).
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ApplyProgress,
  ApplyResult,
  ConnectRequest,
  ConnectResult,
  ExportFormat,
  Finding,
  TargetList,
  ValidationResult
} from '../../shared/api/contract';
import type { ApplyMode } from '../../shared/api/contract';
import { journalFindings, journalsOf } from './applyJournal';
import { validateRequest } from '../../shared/api/validators';
import { createFleetService } from './fleet/fleetService';
import { exportPlan } from '../../shared/export';
import type { HostState } from '../../shared/host/hostState';
import { SCENARIO_NAMES, buildScenario } from '../../shared/kernel';
import type { Plan } from '../../shared/plan/operations';
import { exportGate, notExportedText } from '../../shared/plan/exportGate';
import { validateSafely } from '../../shared/plan/safety';
import { listSshHosts } from '../transport/ssh';
import { TransportError } from '../transport/types';
import { applyPlan } from './applier';
import { ConnectionTable, openLink, sshPaths, type Connection } from './connections';
import { readHost } from './reader';

export interface RouterOptions {
  homeDir?: string;
  sshConfigPath?: string;
  knownHostsPath?: string;
  agentSocket?: string | null;
  defaultLocalRoot?: string;
  /** sysfs root used on SSH hosts (default /sys; tests use a FUSE mount) */
  remoteSysfsRoot?: string;
  remoteEtcRoot?: string;
  /** AP configuration lock path for local and SSH hosts (default /run/lock/s390apconfig.lock) */
  apLock?: string;
  /** deadline of one host read on local and SSH hosts (default two minutes) */
  readTimeoutMs?: number;
  /** how many connections one router (one window or one browser page) may hold (default MAX_CONNECTIONS) */
  maxConnections?: number;
  /** where saveFile writes (default ~/Downloads) */
  saveDir?: string;
  log?: (line: string) => void;
}

export class RouterError extends Error {
  override name = 'RouterError';
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

let scenarioDescriptions: TargetList['scenarios'] | null = null;
function scenarios(): TargetList['scenarios'] {
  // building a scenario is cheap except `full`; done once per process
  scenarioDescriptions ??= SCENARIO_NAMES.map((name) => ({ name, description: buildScenario(name).description }));
  return scenarioDescriptions;
}

/**
 * A connection holds a whole host state (13 MB for `full`) and maybe an SSH
 * session: the page frees the one it leaves (disconnect), and the cap stops a
 * page that never does from growing the process without bound.
 */
export const MAX_CONNECTIONS = 8;

export function createRouter(o: RouterOptions = {}) {
  const maxConnections = o.maxConnections ?? MAX_CONNECTIONS;
  const paths = sshPaths(o);
  const table = new ConnectionTable();
  const events = new EventEmitter();
  const log = o.log ?? (() => undefined);

  const need = (connectionId: string): Connection => {
    const c = table.get(connectionId);
    if (!c)
      throw new RouterError('unknown-connection', `connection ${connectionId} is not open (it was closed or never made): connect again`);
    return c;
  };
  const currentHost = async (c: Connection): Promise<HostState> => {
    if (!c.host) c.host = (await readHost(c.link)).host;
    return c.host;
  };

  const router = {
    events,
    // readFleet, rereadFleetHost (electron/engine/fleet/fleetService.ts)
    ...createFleetService({ paths, remoteSysfsRoot: o.remoteSysfsRoot, remoteEtcRoot: o.remoteEtcRoot }),

    async listTargets(payload?: unknown): Promise<TargetList> {
      validateRequest('listTargets', payload);
      return {
        scenarios: scenarios(),
        sshHosts: listSshHosts(paths.sshConfigPath, paths.homeDir),
        defaultLocalRoot: o.defaultLocalRoot ?? '/sys'
      };
    },

    async connect(payload: unknown): Promise<ConnectResult> {
      const req = validateRequest('connect', payload) as ConnectRequest;
      if (table.size >= maxConnections) {
        return {
          ok: false,
          need: 'error',
          message: `${table.size} connections are open already (at most ${maxConnections}): disconnect one, or reload the page to free its connections`
        };
      }
      let link;
      try {
        link = await openLink(req.target, {
          paths,
          acceptHostKey: req.acceptHostKey,
          // the secret of this request only; it is not kept. The UI asks for a key
          // passphrase only, so it never goes out as a login password (a server that
          // rejected the key would otherwise learn the passphrase)
          askSecret: async (p) => (p.kind === 'passphrase' ? (req.secret ?? null) : null),
          remoteSysfsRoot: o.remoteSysfsRoot,
          remoteEtcRoot: o.remoteEtcRoot,
          apLock: o.apLock,
          readTimeoutMs: o.readTimeoutMs
        });
      } catch (e) {
        return connectFailure(e);
      }
      try {
        const reading = await readHost(link);
        // a read takes seconds: connects racing past the check above are refused here
        if (table.size >= maxConnections)
          throw new RouterError('too-many-connections', `at most ${maxConnections} connections may be open: disconnect one first`);
        const c = table.add(link, req.target);
        c.host = reading.host;
        log(`connected ${link.label} as ${c.id}`);
        // an interrupted apply journalled on the host is a finding too (issue 8 item 5)
        const findings = [...journalFindings(await journalsOf(link)), ...reading.findings];
        return { ok: true, connectionId: c.id, label: link.label, host: reading.host, findings };
      } catch (e) {
        await link.close().catch(() => undefined);
        return connectFailure(e);
      }
    },

    async readHost(payload: unknown): Promise<{ host: HostState; findings: Finding[] }> {
      const req = validateRequest('readHost', payload) as { connectionId: string };
      const c = need(req.connectionId);
      const reading = await readHost(c.link);
      c.host = reading.host;
      return { ...reading, findings: [...journalFindings(await journalsOf(c.link)), ...reading.findings] };
    },

    async validatePlan(payload: unknown): Promise<ValidationResult> {
      const req = validateRequest('validatePlan', payload) as { connectionId: string; plan: Plan };
      const c = need(req.connectionId);
      return validateSafely(await currentHost(c), req.plan);
    },

    async applyPlan(payload: unknown): Promise<ApplyResult> {
      const req = validateRequest('applyPlan', payload) as {
        connectionId: string;
        plan: Plan;
        fingerprint: string;
        mode?: ApplyMode;
        persist?: 'active' | 'persistent' | 'both';
      };
      const c = need(req.connectionId);
      const applyId = 'a' + randomBytes(6).toString('hex');
      const result = await applyPlan(c.link, req.plan, req.fingerprint, {
        mode: req.mode,
        ...(req.persist ? { persist: req.persist } : {}),
        onProgress: (p) => events.emit('applyProgress', { applyId, ...p } satisfies ApplyProgress)
      });
      c.host = result.host;
      log(`apply ${applyId} on ${c.link.label}: ${result.landed}/${result.total} landed${result.error ? `: ${result.error}` : ''}`);
      return result;
    },

    async exportPlan(payload: unknown): Promise<{ text: string; filename: string }> {
      const req = validateRequest('exportPlan', payload) as { connectionId: string; plan: Plan; format: ExportFormat };
      const c = need(req.connectionId);
      const host = await currentHost(c);
      const gate = exportGate(host, req.plan); // every format: only what the kernel would accept
      if (gate.refusal) throw new Error(notExportedText(gate.refusal));
      return exportPlan(
        host,
        req.plan,
        req.format,
        req.format === 'sh' || req.format === 'ansible' ? { expectedAfter: gate.validation.after } : {}
      );
    },

    async saveFile(payload: unknown): Promise<{ saved: boolean; path: string | null }> {
      const req = validateRequest('saveFile', payload) as { suggestedName: string; text: string };
      const dir = o.saveDir ?? join(paths.homeDir, 'Downloads');
      await mkdir(dir, { recursive: true });
      // never overwrite: `name`, then `name-1`, `name-2` ... (wx fails when the file exists)
      for (let i = 0; ; i++) {
        const dot = req.suggestedName.lastIndexOf('.');
        const name =
          i === 0
            ? req.suggestedName
            : dot > 0
              ? `${req.suggestedName.slice(0, dot)}-${i}${req.suggestedName.slice(dot)}`
              : `${req.suggestedName}-${i}`;
        const path = join(dir, name);
        try {
          await writeFile(path, req.text, { flag: 'wx' });
          return { saved: true, path };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 999) throw e;
        }
      }
    },

    onApplyProgress(listener: (p: ApplyProgress) => void): () => void {
      events.on('applyProgress', listener);
      return () => events.off('applyProgress', listener);
    },

    /** the link behind a connection (tests, command line; not part of the renderer contract) */
    linkOf(connectionId: string) {
      return need(connectionId).link;
    },

    /** frees a connection: its link (SSH session, shell) is closed and its host state dropped */
    async disconnect(payload: unknown): Promise<{ closed: boolean }> {
      const req = validateRequest('disconnect', payload) as { connectionId: string };
      const closed = table.get(req.connectionId) !== undefined;
      await table.remove(req.connectionId);
      if (closed) log(`disconnected ${req.connectionId}`);
      return { closed };
    },

    /** how many connections are held (tests, diagnostics; not part of the renderer contract) */
    connectionCount(): number {
      return table.size;
    },

    async dispose(): Promise<void> {
      events.removeAllListeners();
      await table.closeAll();
    }
  };
  return router;
}

export type Router = ReturnType<typeof createRouter>;

/** Maps a failure to connect into what the UI asks next. */
function connectFailure(e: unknown): ConnectResult {
  if (e instanceof TransportError) {
    if (e.code === 'host-key-unknown' || e.code === 'host-key-changed') {
      return {
        ok: false,
        need: 'host-key',
        message: e.message,
        fingerprint: e.extra.fingerprint,
        knownFingerprint: e.extra.knownFingerprint
      };
    }
    if (e.code === 'need-secret') return { ok: false, need: 'secret', message: e.message };
  }
  return { ok: false, need: 'error', message: e instanceof Error ? e.message : String(e) };
}
