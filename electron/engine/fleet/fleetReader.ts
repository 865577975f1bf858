/**
 * Reads many hosts at once: a bounded number in flight, one dump (one round
 * trip) per host, each failure kept as that host's reason without stopping
 * the others. Reuses the one-host link, reader and audit.
 */
import type { FleetEntry, FleetReadError } from '../../../shared/fleet/types';
import type { HostState } from '../../../shared/host/hostState';
import type { SshPaths } from '../connections';
import { HostReadError, readHost } from '../reader';
import { createLocalTransport } from '../../transport/local';
import { shellLink } from '../../transport/shellLink';
import { simulatedLink } from '../../transport/simulated';
import { createSshTransport } from '../../transport/ssh';
import { TransportError, type HostLink } from '../../transport/types';
import { targetLabel, type FleetTarget } from './targets';

export interface FleetProgress {
  name: string;
  state: 'reading' | 'ok' | 'failed';
  /** for `ok` a short summary, for `failed` the reason */
  detail: string;
  done: number;
  total: number;
}

export interface FleetReadOptions {
  paths: SshPaths;
  /** hosts read at once (default 8) */
  parallel?: number;
  /** SHA256 host key fingerprints the user accepted */
  acceptHostKeys?: string[];
  /** sysfs and /etc roots on SSH hosts without their own (tests point them at mounts) */
  remoteSysfsRoot?: string;
  remoteEtcRoot?: string;
  /** SSH handshake limit per host (default 15 s) */
  readyTimeoutMs?: number;
  onProgress?: (p: FleetProgress) => void;
}

export const DEFAULT_PARALLEL = 8;

async function openTarget(t: FleetTarget, o: FleetReadOptions): Promise<HostLink> {
  switch (t.kind) {
    case 'demo':
      return simulatedLink(t.scenario);
    case 'local':
      return shellLink(createLocalTransport({ label: `local:${t.root}` }), {
        sysfsRoot: t.root,
        etcRoot: t.etcRoot,
        source: `local:${t.root}`
      });
    case 'ssh': {
      const tr = await createSshTransport({
        host: t.host,
        ...o.paths,
        override: t.override,
        acceptedFingerprints: o.acceptHostKeys ?? [],
        rememberAcceptedKeys: false,
        readyTimeoutMs: o.readyTimeoutMs ?? 15_000
      });
      return shellLink(tr, { source: `ssh:${t.name}`, sysfsRoot: t.sysfsRoot ?? o.remoteSysfsRoot, etcRoot: t.etcRoot ?? o.remoteEtcRoot });
    }
  }
}

/** A host without the AP bus is not an s390 host (or its sysfs root is wrong). */
function notS390(host: HostState, sysfsRoot: string): FleetReadError | null {
  const missing = host.warnings.some((w) => w.file.endsWith('/bus/ap/ap_adapter_mask') && /does not exist/.test(w.reason));
  if (!missing) return null;
  return {
    code: 'not-s390',
    message: `not an s390 host with AP crypto: ${sysfsRoot.replace(/\/+$/, '')}/bus/ap/ap_adapter_mask does not exist`
  };
}

function sysfsRootOf(t: FleetTarget, o: FleetReadOptions): string {
  return t.kind === 'local' ? t.root : t.kind === 'ssh' ? (t.sysfsRoot ?? o.remoteSysfsRoot ?? '/sys') : '/sys';
}

function reasonOf(e: unknown): FleetReadError {
  // the reader refuses a root without the AP bus (reader.ts): for a fleet, that host is not an s390 KVM host
  if (e instanceof HostReadError && e.code === 'not-sysfs')
    return { code: 'not-s390', message: `not an s390 host with AP crypto: ${e.message}` };
  if (e instanceof TransportError) {
    const hint =
      e.code === 'host-key-unknown' || e.code === 'host-key-changed'
        ? ' (check the key, then accept it with --accept-host-key or ssh-keyscan into known_hosts)'
        : '';
    return { code: e.code, message: e.message + hint };
  }
  return { code: 'read-failed', message: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
}

export async function readOne(t: FleetTarget, o: FleetReadOptions): Promise<FleetEntry> {
  const base = { name: t.name, target: targetLabel(t) };
  let link: HostLink | null = null;
  try {
    link = await openTarget(t, o);
    const { host, findings } = await readHost(link);
    const bad = notS390(host, sysfsRootOf(t, o));
    if (bad) return { ...base, host: null, findings: [], error: bad };
    return { ...base, host, findings, error: null };
  } catch (e) {
    return { ...base, host: null, findings: [], error: reasonOf(e) };
  } finally {
    await link?.close().catch(() => undefined);
  }
}

/** Every target read, results in the order of `targets`. */
export async function readFleet(targets: FleetTarget[], o: FleetReadOptions): Promise<FleetEntry[]> {
  const parallel = Math.max(1, Math.min(o.parallel ?? DEFAULT_PARALLEL, 64));
  const out: FleetEntry[] = new Array(targets.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i];
      o.onProgress?.({ name: t.name, state: 'reading', detail: targetLabel(t), done, total: targets.length });
      const e = await readOne(t, o);
      out[i] = e;
      done++;
      o.onProgress?.({
        name: t.name,
        state: e.error ? 'failed' : 'ok',
        detail: e.error ? e.error.message : `${e.host!.cards.length} cards, ${e.host!.mdevs.length} mdevs`,
        done,
        total: targets.length
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, targets.length) }, worker));
  return out;
}
