/**
 * Opens a HostLink for a connect target (demo, local, ssh) and keeps the open
 * ones by id, with the host as last read (what the user sees and plans on).
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConnectTarget } from '../../shared/api/contract';
import type { HostState } from '../../shared/host/hostState';
import { createLocalTransport } from '../transport/local';
import { shellLink } from '../transport/shellLink';
import { simulatedLink } from '../transport/simulated';
import { createSshTransport } from '../transport/ssh';
import type { AskSecret } from '../transport/sshAuth';
import { TransportError, type HostLink } from '../transport/types';

export interface SshPaths {
  homeDir: string;
  sshConfigPath: string;
  knownHostsPath: string;
  /** null: no agent; undefined: SSH_AUTH_SOCK */
  agentSocket?: string | null;
}

export function sshPaths(o: { homeDir?: string; sshConfigPath?: string; knownHostsPath?: string; agentSocket?: string | null }): SshPaths {
  const homeDir = o.homeDir ?? userInfo().homedir;
  return {
    homeDir,
    sshConfigPath: o.sshConfigPath ?? join(homeDir, '.ssh', 'config'),
    knownHostsPath: o.knownHostsPath ?? join(homeDir, '.ssh', 'known_hosts'),
    agentSocket: o.agentSocket
  };
}

export interface OpenOptions {
  paths: SshPaths;
  acceptHostKey?: string;
  askSecret?: AskSecret;
  /** sysfs root on an SSH host (tests point it at a FUSE mount); default /sys */
  remoteSysfsRoot?: string;
  remoteEtcRoot?: string;
  /** AP configuration lock path on shell hosts (default the real one) */
  apLock?: string;
  /** deadline of one host read on shell hosts (default shellLink's two minutes) */
  readTimeoutMs?: number;
  /** where apply journals go on shell hosts; default `$etcRoot/run/apmatrix`, or next to a given apLock */
  journalDir?: string;
}

/** Tests that move the lock move the journal with it, so no test writes the machine's /run. */
function journalDirOf(o: OpenOptions, etcRoot: string | undefined): string | undefined {
  if (o.journalDir) return o.journalDir;
  if (etcRoot === undefined && o.apLock) return join(dirname(o.apLock), 'apmatrix-journal');
  return undefined;
}

/** Opens the link; throws TransportError (host key, secret, auth, permission ...) */
export async function openLink(target: ConnectTarget, o: OpenOptions): Promise<HostLink> {
  switch (target.kind) {
    case 'demo':
      return simulatedLink(target.scenario, target.era);
    case 'local': {
      // async stat: the root may be a FUSE mount served by this very process
      const st = await stat(target.root).catch(() => null);
      if (!st?.isDirectory()) throw new TransportError('config', `local sysfs root ${target.root} is not a directory on this machine`);
      return shellLink(createLocalTransport({ label: `local:${target.root}` }), {
        sysfsRoot: target.root,
        etcDir: target.etcRoot,
        source: `local:${target.root}`,
        apLock: o.apLock,
        readTimeoutMs: o.readTimeoutMs,
        journalDir: journalDirOf(o, undefined)
      });
    }
    case 'ssh': {
      const t = await createSshTransport({
        host: target.host,
        ...o.paths,
        acceptedFingerprints: o.acceptHostKey ? [o.acceptHostKey] : [],
        askSecret: o.askSecret
      });
      return shellLink(t, {
        source: `ssh:${target.host}`,
        sysfsRoot: o.remoteSysfsRoot,
        etcRoot: o.remoteEtcRoot,
        apLock: o.apLock,
        readTimeoutMs: o.readTimeoutMs,
        journalDir: journalDirOf(o, o.remoteEtcRoot)
      });
    }
  }
}

export interface Connection {
  id: string;
  link: HostLink;
  target: ConnectTarget;
  host: HostState | null;
}

export class ConnectionTable {
  private readonly byId = new Map<string, Connection>();

  add(link: HostLink, target: ConnectTarget): Connection {
    const c: Connection = { id: 'c' + randomBytes(9).toString('base64url'), link, target, host: null };
    this.byId.set(c.id, c);
    return c;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Connection | undefined {
    return this.byId.get(id);
  }

  async remove(id: string): Promise<void> {
    const c = this.byId.get(id);
    this.byId.delete(id);
    await c?.link.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.byId.keys()];
    await Promise.all(all.map((id) => this.remove(id)));
  }
}
