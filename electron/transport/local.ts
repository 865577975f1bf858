/**
 * The local transport: the script goes to `sh -s` on this machine. The sysfs
 * root (default /sys, or any directory that looks like it, e.g. a FUSE mount
 * of the kernel model) is given to the script by shellLink as SYSFS_ROOT.
 */
import { spawn } from 'node:child_process';
import { TransportError, type RunOptions, type RunResult, type Transport } from './types';

/** SIGKILL to the script's whole process group (sh and every child it started). */
function killGroup(child: ReturnType<typeof spawn>): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already; sh itself may remain
  }
}

export function createLocalTransport(opts: { label?: string } = {}): Transport {
  const running = new Set<ReturnType<typeof spawn>>();
  return {
    label: opts.label ?? 'local',
    run(script: string, ro: RunOptions = {}): Promise<RunResult> {
      return new Promise((resolve, reject) => {
        // LC_ALL=C: error texts the parser and the user see are the kernel's English strerror
        // detached: sh leads its own process group, so a deadline or close() ends
        // everything the script started (awk blocked on a FIFO, sleep, cat), not only sh
        const child = spawn('sh', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, detached: true });
        running.add(child);
        let stdout = '';
        let stderr = '';
        let timer: NodeJS.Timeout | undefined;
        if (ro.timeoutMs) {
          timer = setTimeout(() => {
            killGroup(child);
            reject(new TransportError('timeout', `the local shell did not finish within ${ro.timeoutMs} ms`, { partialStdout: stdout }));
          }, ro.timeoutMs);
        }
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stdout.on('data', (c: string) => {
          stdout += c;
          ro.onStdout?.(c);
        });
        child.stderr.on('data', (c: string) => (stderr += c));
        child.on('error', (e) => {
          clearTimeout(timer);
          running.delete(child);
          reject(new TransportError('connect-failed', `cannot start sh: ${e.message}`));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          running.delete(child);
          resolve({ stdout, stderr, code: code ?? (signal ? 128 : 1) });
        });
        // a script that exits early closes stdin: that is not an error of ours
        child.stdin.on('error', () => undefined);
        child.stdin.end(script);
      });
    },
    async reconnect() {},
    async close() {
      for (const c of running) killGroup(c);
    }
  };
}
