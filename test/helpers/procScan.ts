/**
 * Test helper: what processes a test left behind, read from /proc (no ps).
 */
import { readdirSync, readFileSync } from 'node:fs';

function pids(): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p));
}

function comm(pid: string): string {
  return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
}

/** `pid comm` of every process whose environment names this sysfs root (the dump script's APD_S / SYSFS_ROOT) */
export function processesReading(root: string): string[] {
  const found: string[] = [];
  for (const pid of pids()) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (env.includes(`APD_S=${root}`) || env.includes(`SYSFS_ROOT=${root}`)) found.push(`${pid} ${comm(pid)}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** the pids of the direct children of `parent` (an sshd master's children are its open sessions) */
export function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const pid of pids()) {
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
