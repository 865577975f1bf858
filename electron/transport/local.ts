/**
 * The local transport: the script goes to `sh -s` on this machine. The sysfs
 * root (default /sys, or any directory that looks like it, e.g. a FUSE mount
 * of the kernel model) is given to the script by shellLink as SYSFS_ROOT.
 */
import { spawn } from 'node:child_process';
import { TransportError, type RunOptions, type RunResult, type Transport } from './types';

export function createLocalTransport(opts: { label?: string } = {}): Transport {
  const running = new Set<ReturnType<typeof spawn>>();
  return {
    label: opts.label ?? 'local',
    run(script: string, ro: RunOptions = {}): Promise<RunResult> {
      return new Promise((resolve, reject) => {
        // LC_ALL=C: error texts the parser and the user see are the kernel's English strerror
        const child = spawn('sh', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
        running.add(child);
        let stdout = '';
        let stderr = '';
        let timer: NodeJS.Timeout | undefined;
        if (ro.timeoutMs) {
          timer = setTimeout(() => {
            child.kill('SIGKILL');
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
      for (const c of running) c.kill('SIGKILL');
    }
  };
}
