/**
 * The SSH transport (ssh2). Resolves a host alias through ~/.ssh/config
 * (HostName, User, Port, IdentityFile, ProxyJump), authenticates with the
 * agent or key files (sshAuth.ts), checks the host key against known_hosts
 * (knownHosts.ts) and refuses an unknown or changed key unless the user
 * accepted its SHA256 fingerprint. Each `run` is one exec channel: the script
 * travels on stdin to `sh -s`, through `sudo -n` when the login user is not root.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import ssh2, { type Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import { addKnownHost, checkHostKey, fingerprintOf, knownHostName, knownKeyTypes, loadKnownHosts, type HostKeyStatus } from './knownHosts';
import { listHostAliases, loadSshConfig, parseJumpSpec, resolveHost, type SshHostConfig } from './sshConfig';
import { defaultIdentityFiles, makeAuthHandler, type AskSecret, type AuthState, type ParsedKey } from './sshAuth';
import { classifyExit, ROOT_WRAPPER } from './sudoWrapper';
import { TransportError, type RunOptions, type RunResult, type Transport } from './types';

export interface SshTransportOptions {
  /** alias from the ssh config, or a host name; `user@host` is accepted too */
  host: string;
  homeDir?: string;
  sshConfigPath?: string;
  knownHostsPath?: string;
  /** SHA256 fingerprints the user accepted for an unknown or changed host key */
  acceptedFingerprints?: string[];
  /** write an accepted UNKNOWN key to known_hosts (a changed key is accepted for this session only) */
  rememberAcceptedKeys?: boolean;
  askSecret?: AskSecret;
  /** default: SSH_AUTH_SOCK */
  agentSocket?: string | null;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /**
   * connection values given outside ~/.ssh/config (an Ansible inventory's
   * ansible_host, ansible_user, ansible_port, ansible_ssh_private_key_file);
   * they win over the config for the target host, not for its jump hosts
   */
  override?: { hostName?: string; user?: string; port?: number; identityFile?: string };
}

interface Hop {
  cfg: SshHostConfig;
  user: string;
  port: number;
}

/** ssh2 algorithm names for a known_hosts key type */
function hostKeyAlgos(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

function withOverride(hop: Hop, ov: SshTransportOptions['override']): Hop {
  if (!ov) return hop;
  const cfg = {
    ...hop.cfg,
    hostName: ov.hostName ?? hop.cfg.hostName,
    identityFiles: ov.identityFile ? [ov.identityFile] : hop.cfg.identityFiles
  };
  return { cfg, user: ov.user ?? hop.user, port: ov.port ?? hop.port };
}

// ssh2 is CommonJS: named imports are not visible to Node's ESM loader
const { Client: SshClient } = ssh2;

export interface SshTransport extends Transport {
  /** one command as the login user, without sudo and without stdin (benchmarks' per-file baseline) */
  execRaw(command: string): Promise<RunResult>;
}

export async function createSshTransport(o: SshTransportOptions): Promise<SshTransport> {
  const homeDir = o.homeDir ?? userInfo().homedir;
  const localUser = userInfo().username;
  const sshConfigPath = o.sshConfigPath ?? join(homeDir, '.ssh', 'config');
  const knownHostsPath = o.knownHostsPath ?? join(homeDir, '.ssh', 'known_hosts');
  const accepted = new Set(o.acceptedFingerprints ?? []);
  const agentSocket = o.agentSocket === undefined ? (process.env.SSH_AUTH_SOCK ?? null) : o.agentSocket;
  const ctx = { homeDir, localUser };
  const blocks = loadSshConfig(sshConfigPath);

  const hopFor = (spec: string): Hop => {
    const j = parseJumpSpec(spec);
    const cfg = resolveHost(blocks, j.host, ctx);
    return { cfg, user: j.user ?? cfg.user ?? localUser, port: j.port ?? cfg.port ?? 22 };
  };
  const target = withOverride(hopFor(o.host), o.override);
  // ProxyJump of the target; a jump host's own ProxyJump is not chained (rare, and ssh -J ignores it too)
  const hops = [...target.cfg.proxyJump.map(hopFor), target];
  const label = `ssh:${o.host}`;
  const remembered = new Map<number, ParsedKey>();

  let clients: Client[] = [];
  let closedReason: string | null = null;

  const connectHop = (hop: Hop, index: number, sock?: Duplex): Promise<Client> =>
    new Promise((resolve, reject) => {
      const client = new SshClient();
      const name = knownHostName(hop.cfg.hostName, hop.port);
      let hostKeyProblem: TransportError | null = null;
      const authState: AuthState = { tried: [], skippedEncrypted: null, wrongPassphrase: null, current: null };
      const entries = loadKnownHosts(knownHostsPath);
      const preferred = knownKeyTypes(entries, name).flatMap(hostKeyAlgos);
      const where = `${hop.user}@${hop.cfg.hostName}:${hop.port}`;
      const cfg: ConnectConfig = {
        host: hop.cfg.hostName,
        port: hop.port,
        username: hop.user,
        sock: sock as ConnectConfig['sock'],
        readyTimeout: o.readyTimeoutMs ?? 20_000,
        keepaliveInterval: o.keepaliveIntervalMs ?? 10_000,
        keepaliveCountMax: o.keepaliveCountMax ?? 3,
        algorithms: preferred.length ? { serverHostKey: { prepend: preferred } as never } : undefined,
        hostVerifier: (key: Buffer) => {
          const fp = fingerprintOf(key);
          const st: HostKeyStatus = checkHostKey(entries, name, key);
          if (st.status === 'known') return true;
          if (st.status === 'revoked') {
            hostKeyProblem = new TransportError(
              'host-key-revoked',
              `the host key of ${name} (${fp}) is marked @revoked in ${knownHostsPath}, line ${st.line}: refusing to connect`,
              { fingerprint: fp }
            );
            return false;
          }
          if (accepted.has(fp)) {
            if (st.status === 'unknown' && o.rememberAcceptedKeys !== false) addKnownHost(knownHostsPath, name, key);
            return true;
          }
          hostKeyProblem =
            st.status === 'unknown'
              ? new TransportError(
                  'host-key-unknown',
                  `the host key of ${name} is not in ${knownHostsPath}: its fingerprint is ${fp}; accept it only if it is the host's real key`,
                  { fingerprint: fp }
                )
              : new TransportError(
                  'host-key-changed',
                  `the host key of ${name} CHANGED: it is now ${fp}, known_hosts line ${st.line} says ${st.knownFingerprint}; someone may be intercepting the connection, or the host was reinstalled`,
                  { fingerprint: fp, knownFingerprint: st.knownFingerprint }
                );
          return false;
        },
        authHandler: makeAuthHandler({
          username: hop.user,
          hostLabel: hop.cfg.hostName,
          agentSocket,
          identityFiles: hop.cfg.identityFiles.length ? hop.cfg.identityFiles : defaultIdentityFiles(homeDir),
          askSecret: o.askSecret,
          remembered: remembered.get(index) ?? null,
          state: authState
        })
      };
      let settled = false;
      client.once('ready', () => {
        settled = true;
        const cur = authState.current;
        if (cur?.kind === 'key') remembered.set(index, cur.key);
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (settled) return;
        settled = true;
        if (hostKeyProblem) return reject(hostKeyProblem);
        if (err.level === 'client-authentication') {
          if (authState.wrongPassphrase) {
            return reject(new TransportError('need-secret', `the passphrase for ${authState.wrongPassphrase} is wrong`));
          }
          if (authState.skippedEncrypted) {
            return reject(
              new TransportError(
                'need-secret',
                `the key ${authState.skippedEncrypted} is encrypted: enter its passphrase to connect to ${where}`
              )
            );
          }
          const tried = authState.tried.length ? authState.tried.join(', ') : 'no key found (no agent, no identity file)';
          return reject(new TransportError('auth-failed', `${where} refused every credential we have (tried: ${tried})`));
        }
        if (/Timed out while waiting for handshake/.test(err.message)) {
          return reject(new TransportError('timeout', `${where} did not complete the SSH handshake within ${cfg.readyTimeout} ms`));
        }
        reject(new TransportError('connect-failed', `cannot connect to ${where}: ${err.message}`));
      });
      client.on('close', () => {
        if (!settled) {
          settled = true;
          reject(hostKeyProblem ?? new TransportError('connect-failed', `${where} closed the connection during the handshake`));
        }
      });
      client.connect(cfg);
    });

  const forward = (via: Client, hop: Hop): Promise<Duplex> =>
    new Promise((resolve, reject) =>
      via.forwardOut('127.0.0.1', 0, hop.cfg.hostName, hop.port, (err, stream) =>
        err
          ? reject(new TransportError('connect-failed', `the jump host cannot reach ${hop.cfg.hostName}:${hop.port}: ${err.message}`))
          : resolve(stream)
      )
    );

  const open = async (): Promise<void> => {
    const opened: Client[] = [];
    try {
      let sock: Duplex | undefined;
      for (let i = 0; i < hops.length; i++) {
        const c = await connectHop(hops[i], i, sock);
        opened.push(c);
        // only the live generation may mark the connection closed (an old client closes late after reconnect)
        const mine = () => clients === opened;
        c.on('close', () => mine() && (closedReason ??= `the connection to ${hops[i].cfg.hostName} closed`));
        c.on('error', (e: Error) => mine() && (closedReason ??= e.message));
        if (i + 1 < hops.length) sock = await forward(c, hops[i + 1]);
      }
    } catch (e) {
      for (const c of opened) c.end();
      throw e;
    }
    closedReason = null;
    clients = opened;
  };

  await open();

  const exec = (script: string, ro: RunOptions, command = ROOT_WRAPPER): Promise<RunResult> =>
    new Promise((resolve, reject) => {
      const client = clients[clients.length - 1];
      if (!client || closedReason) {
        return reject(new TransportError('connection-lost', `${label}: not connected (${closedReason ?? 'closed'})`));
      }
      let stdout = '';
      let stderr = '';
      let exit: number | null = null;
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (f: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        client.removeListener('close', onLost);
        f();
      };
      const onLost = () =>
        finish(() =>
          reject(
            new TransportError('connection-lost', `${label}: the connection was lost while the script ran (${closedReason ?? 'closed'})`, {
              partialStdout: stdout
            })
          )
        );
      client.once('close', onLost);
      client.exec(command, (err: Error | undefined, ch: ClientChannel) => {
        if (err) return finish(() => reject(new TransportError('connection-lost', `${label}: cannot start a command: ${err.message}`)));
        if (ro.timeoutMs) {
          timer = setTimeout(() => {
            ch.close();
            finish(() =>
              reject(
                new TransportError('timeout', `${label}: the command did not finish within ${ro.timeoutMs} ms`, { partialStdout: stdout })
              )
            );
          }, ro.timeoutMs);
        }
        ch.setEncoding('utf8');
        ch.stderr.setEncoding('utf8');
        ch.on('data', (c: string) => {
          stdout += c;
          ro.onStdout?.(c);
        });
        ch.stderr.on('data', (c: string) => (stderr += c));
        ch.on('exit', (code: number | null) => (exit = code ?? 128));
        ch.on('close', () => {
          if (exit === null) return onLost();
          finish(() => {
            const problem = classifyExit(exit!, stderr, label);
            if (problem) return reject(problem);
            resolve({ stdout, stderr, code: exit! });
          });
        });
        ch.end(script);
      });
    });

  return {
    label,
    run: (script, ro = {}) => exec(script, ro),
    execRaw: (command) => exec('', {}, command),
    async reconnect() {
      for (const c of clients) c.end();
      clients = [];
      await open();
    },
    async close() {
      for (const c of [...clients].reverse()) c.end();
      clients = [];
      closedReason = 'closed by the application';
    }
  };
}

/** Host aliases for the target list (`TargetList.sshHosts`). */
export function listSshHosts(sshConfigPath: string, homeDir: string) {
  if (!existsSync(sshConfigPath)) return [];
  const blocks = loadSshConfig(sshConfigPath);
  const ctx = { homeDir, localUser: userInfo().username };
  return listHostAliases(blocks).map((alias) => {
    const c = resolveHost(blocks, alias, ctx);
    return { alias, hostName: c.hostName, user: c.user, port: c.port };
  });
}
