/**
 * Test and bench helper: a REAL OpenSSH server (/usr/sbin/sshd) on 127.0.0.1
 * and a free high port, with a generated host key and user key, a fresh
 * known_hosts and ssh config in a temp dir, plus a loopback TCP proxy that
 * can add delay and cut connections.
 *
 *   const sshd = await startSshd();
 *   const t = await createSshTransport({ host: 'testhost', ...sshd.paths });
 *   ...
 *   await sshd.stop();
 *
 * sshd runs with `-D -e -f <generated config>`, StrictModes no, UsePAM no,
 * AuthorizedKeysFile `<dir>/authorized_keys/%u` (so tests authorise any user
 * without touching home directories).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { run } from './simMount';

export const SSHD = '/usr/sbin/sshd';

export interface SshdHandle {
  dir: string;
  port: number;
  /** the user key every test user is authorised with */
  userKey: string;
  /** a second key nobody authorised */
  wrongKey: string;
  hostKeyPub: string;
  /** paths for createSshTransport / createRouter: home, ssh config, known_hosts (trusts the host key) */
  paths: { homeDir: string; sshConfigPath: string; knownHostsPath: string };
  /**
   * writes a `Host alias` block into the ssh config (HostName 127.0.0.1, the key, the user);
   * another port (a proxy's) also gets a known_hosts line for the host key
   */
  addHost(alias: string, o?: { user?: string; port?: number; identityFile?: string }): void;
  /** adds `[127.0.0.1]:port <host key>` to known_hosts */
  trustPort(port: number): void;
  authorize(user: string, pubKeyFile?: string): void;
  /** replaces the host key (a "reinstalled" or impostor host) and restarts sshd on the same port */
  changeHostKey(): Promise<void>;
  stop(): Promise<void>;
}

/** The apmatrix CLI options that reach and trust this sshd as the tests set it up (known_hosts, ssh config, identity home). */
export function cliSshOptions(sshd: SshdHandle): string[] {
  return ['--known-hosts', sshd.paths.knownHostsPath, '--ssh-config', sshd.paths.sshConfigPath, '--identity-home', sshd.paths.homeDir];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function keygen(file: string, comment: string): Promise<void> {
  const r = await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  if (r.code !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

function waitForPort(port: number, child: ChildProcess, stderr: () => string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`sshd exited with status ${child.exitCode}: ${stderr()}`));
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) return reject(new Error(`sshd did not listen on ${port} within ${ms} ms: ${stderr()}`));
        setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface SshdOptions {
  /**
   * sudo rules for the test users: the lines become `<dir>/sudoers.d/apmatrix`,
   * bind-mounted over /etc/sudoers.d inside a private mount namespace that only
   * sshd and its sessions see (`unshare -m`): the machine's own /etc is never written
   */
  sudoRules?: string[];
}

export async function startSshd(opts: SshdOptions = {}): Promise<SshdHandle> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install the Debian package openssh-server`);
  // sshd refuses to start as root without its privilege-separation directory
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'apmatrix-sshd-'));
  chmodSync(dir, 0o755);
  const home = path.join(dir, 'home');
  mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  mkdirSync(path.join(dir, 'authorized_keys'), { mode: 0o755 });
  const hostKey = path.join(dir, 'host_ed25519');
  const userKey = path.join(home, '.ssh', 'id_ed25519');
  const wrongKey = path.join(dir, 'wrong_ed25519');
  await Promise.all([keygen(hostKey, 'apmatrix-test-host'), keygen(userKey, 'apmatrix-test-user'), keygen(wrongKey, 'apmatrix-wrong')]);
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}/%u`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'MaxSessions 100',
      'MaxStartups 100:30:200',
      'LogLevel ERROR',
      ''
    ].join('\n')
  );
  const sshConfigPath = path.join(home, '.ssh', 'config');
  const knownHostsPath = path.join(home, '.ssh', 'known_hosts');
  writeFileSync(sshConfigPath, '');
  const knownLine = (p: number) => {
    const pub = readFileSync(hostKey + '.pub', 'utf8')
      .trim()
      .split(/\s+/);
    return `[127.0.0.1]:${p} ${pub[0]} ${pub[1]}\n`;
  };
  writeFileSync(knownHostsPath, knownLine(port));

  let sudoersDir: string | null = null;
  if (opts.sudoRules) {
    sudoersDir = path.join(dir, 'sudoers.d');
    mkdirSync(sudoersDir, { mode: 0o755 });
    // sudo reads only root-owned files that nobody else may write
    writeFileSync(path.join(sudoersDir, 'apmatrix'), opts.sudoRules.join('\n') + '\n', { mode: 0o440 });
  }
  let child: ChildProcess;
  let stderr = '';
  const start = async () => {
    stderr = '';
    const args = ['-D', '-e', '-f', config];
    if (sudoersDir) {
      // unshare execs sh, which execs sshd: the child pid stays sshd's, so stop() works unchanged
      const script = `mount --make-rprivate / && mount --bind "$1" /etc/sudoers.d && shift && exec "$@"`;
      child = spawn('unshare', ['-m', 'sh', '-c', script, 'sh', sudoersDir, SSHD, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    } else child = spawn(SSHD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    await waitForPort(port, child, () => stderr);
  };
  const stopChild = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  await start();

  const handle: SshdHandle = {
    dir,
    port,
    userKey,
    wrongKey,
    hostKeyPub: hostKey + '.pub',
    paths: { homeDir: home, sshConfigPath, knownHostsPath },
    addHost(alias, o = {}) {
      const lines = [
        `Host ${alias}`,
        '  HostName 127.0.0.1',
        `  Port ${o.port ?? port}`,
        `  User ${o.user ?? 'root'}`,
        `  IdentityFile ${o.identityFile ?? userKey}`,
        ''
      ];
      writeFileSync(sshConfigPath, readFileSync(sshConfigPath, 'utf8') + lines.join('\n'));
      if (o.port !== undefined && o.port !== port) handle.trustPort(o.port);
    },
    trustPort(p) {
      const prev = existsSync(knownHostsPath) ? readFileSync(knownHostsPath, 'utf8') : '';
      writeFileSync(knownHostsPath, prev + knownLine(p));
    },
    authorize(user, pubKeyFile = userKey + '.pub') {
      const file = path.join(dir, 'authorized_keys', user);
      const prev = existsSync(file) ? readFileSync(file, 'utf8') : '';
      writeFileSync(file, prev + readFileSync(pubKeyFile, 'utf8'), { mode: 0o644 });
    },
    async changeHostKey() {
      await stopChild();
      rmSync(hostKey, { force: true });
      rmSync(hostKey + '.pub', { force: true });
      await keygen(hostKey, 'apmatrix-impostor');
      await start();
    },
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return handle;
}

export interface TcpProxy {
  port: number;
  /** destroys every connection passing through now (the listener stays open) */
  cut(): void;
  /** connections accepted so far */
  readonly accepted: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy to `targetPort`. `delayMs` holds every chunk that long
 * in each direction (so the added round-trip time is 2 x delayMs), keeping order.
 */
export async function startTcpProxy(targetPort: number, opts: { delayMs?: number } = {}): Promise<TcpProxy> {
  const delay = opts.delayMs ?? 0;
  const live = new Set<net.Socket>();
  let accepted = 0;
  const pipe = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (delay === 0) to.write(chunk);
      // equal delays fire in scheduling order, so the byte stream keeps its order
      else setTimeout(() => to.destroyed || to.write(chunk), delay);
    });
    from.on('end', () => (delay === 0 ? to.end() : setTimeout(() => to.end(), delay)));
  };
  const server = net.createServer((down) => {
    accepted++;
    down.setNoDelay(true);
    const up = net.connect(targetPort, '127.0.0.1');
    up.setNoDelay(true);
    live.add(down);
    live.add(up);
    const drop = () => {
      down.destroy();
      up.destroy();
      live.delete(down);
      live.delete(up);
    };
    down.on('error', drop).on('close', drop);
    up.on('error', drop).on('close', drop);
    pipe(down, up);
    pipe(up, down);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get accepted() {
      return accepted;
    },
    cut() {
      for (const s of live) s.destroy();
      live.clear();
    },
    close() {
      for (const s of live) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    }
  };
}

/** Adds a throwaway local user (root only); returns its name and a remover. */
export async function addThrowawayUser(prefix = 'apmx'): Promise<{ name: string; remove(): Promise<void> }> {
  if (process.getuid?.() !== 0) throw new Error('adding a user needs root');
  const name = `${prefix}${process.pid % 100000}${Math.floor(Math.random() * 1000)}`;
  // `-p '*'`: no password, but NOT locked (`!`), which sshd refuses without PAM
  const r = await run('useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/sh', '-p', '*', name]);
  if (r.code !== 0) throw new Error(`useradd failed: ${r.stderr}`);
  return {
    name,
    async remove() {
      await run('userdel', [name]);
    }
  };
}
