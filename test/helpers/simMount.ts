/**
 * Test helper: mounts a kernel-model scenario with FUSE in a CHILD process
 * (`apmatrix sim mount`), so the test process, bash, sshd and the local
 * transport can all use the files without deadlocking the server.
 *
 *   const sim = await mountScenario({ scenario: 'demo' });
 *   const r = await bash('cat bus/ap/apmask', { cwd: sim.dir });
 *   await sim.event('guest-start', '62177883-f1bb-47f0-914d-32a22e3a8804');
 *   await sim.stop();
 *
 * Adapter/domain IDs given to `event` as numbers are sent in hex; strings are
 * passed as they are (the CLI reads IDs as hex: `05`, `0x47`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/apmatrix.mjs');
const MOUNT_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface SimMount {
  /** the mounted directory; use it as the sysfs root (`<dir>/bus/ap/apmask`) */
  dir: string;
  /** the process serving the mount */
  pid: number;
  stop(): Promise<void>;
  event(kind: string, ...args: Array<string | number | boolean>): Promise<void>;
}

export interface MountOptions {
  scenario?: string;
  /** 'E3' | 'E1' | '6.17' | '5.15' */
  era?: string;
  /** the simulator's /etc for the persistent files (`--etc`) */
  etc?: string;
  /** how the mount is served: over /dev/fuse directly (root's default) or through libfuse */
  fuse?: 'direct' | 'libfuse';
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a command to completion without blocking the event loop (bounded by a timeout). */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 20_000} ms`));
    }, opts.timeoutMs ?? 20_000);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code) => (clearTimeout(timer), resolve({ stdout, stderr, code })));
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // a command that exits without reading its input
      child.stdin.end(opts.input);
    }
  });
}

/** `bash -c script` (non-interactive, so errors read `bash: line N: echo: write error: ...`). */
export function bash(script: string, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run('bash', ['-c', script], opts);
}

/**
 * Runs a shell walkthrough the way a person types it and returns its output
 * lines, stderr interleaved in order. bash's own prefix (`bash: line 3: `) is
 * removed, so a refused write reads as the documents show it:
 * `echo: write error: Address already in use`.
 */
export async function shLines(script: string, cwd: string): Promise<string[]> {
  const r = await bash(`exec 2>&1\n${script}`, { cwd });
  const lines = r.stdout.split('\n').map((l) => l.replace(/^bash: (line \d+: )?/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Runs the `apmatrix` command line itself. */
export function apmatrix(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run(process.execPath, [CLI, ...args], { timeoutMs: 30_000, ...opts });
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => (clearTimeout(timer), resolve(true)));
  });
}

export async function mountScenario(opts: MountOptions = {}): Promise<SimMount> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-mnt-'));
  const args = [CLI, 'sim', 'mount', dir, '--scenario', opts.scenario ?? 'default', '--exit-on-stdin-close'];
  if (opts.era) args.push('--era', opts.era);
  if (opts.etc) args.push('--etc', opts.etc);
  // stdin stays open: if this test process dies, the mount sees EOF and unmounts
  const env = { ...process.env, APMATRIX_SIM_FUSE: opts.fuse ?? '' };
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  child.stdin.on('error', () => undefined);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));

  const cleanup = async (): Promise<void> => {
    if (!(await waitForExit(child, 0))) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, STOP_TIMEOUT_MS);
      }
    }
    // harmless when the mount is already gone; clears a mount left by a killed server
    await run('fusermount', ['-uz', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`sim mount did not print "mounted ${dir}" within ${MOUNT_TIMEOUT_MS} ms; stderr: ${stderr}`)),
        MOUNT_TIMEOUT_MS
      );
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        if (stdout.split('\n').includes(`mounted ${dir}`)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sim mount exited with status ${code} before mounting: ${stderr.trim()}`));
      });
    });
  } catch (e) {
    await cleanup();
    throw e;
  }

  let stopped: Promise<void> | undefined;
  return {
    dir,
    pid: child.pid!,
    stop() {
      stopped ??= cleanup();
      return stopped;
    },
    async event(kind, ...eventArgs) {
      const text = eventArgs.map((a) => (typeof a === 'number' ? '0x' + a.toString(16) : typeof a === 'boolean' ? (a ? '1' : '0') : a));
      const r = await apmatrix(['sim', 'event', dir, kind, ...text]);
      if (r.code !== 0) throw new Error(`sim event ${kind} ${text.join(' ')} failed: ${r.stderr.trim()}`);
    }
  };
}
