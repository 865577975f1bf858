/**
 * Test helper: an apply of `plan` interrupted the hard way (SIGKILL, as a lost
 * machine or `kill -9` would: no trap runs) after `landed` steps, on a FUSE
 * mount. The script runs on a root that is the mount except that the mdev
 * file of step landed+1 is a FIFO nobody reads, so the script blocks there.
 * Leaves the mount at the plan's prefix and the script's journal in `journalDir`.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportShellScript } from '../../shared/export';
import type { HostState } from '../../shared/host/hostState';
import { opPath, type Plan } from '../../shared/plan/operations';
import { run } from './simMount';

export async function interruptApply(o: {
  host: HostState;
  plan: Plan;
  landed: number;
  mount: string;
  work: string;
  lock: string;
  journalDir: string;
}): Promise<void> {
  const root = await mkdtemp(path.join(o.work, 'root-'));
  const blocked = opPath(o.plan.operations[o.landed]);
  const mdevDir = path.dirname(blocked);
  await mkdir(path.join(root, mdevDir), { recursive: true });
  // everything else is the mount: link each top-level entry down the blocked file's path
  const parts = blocked.split('/');
  for (let depth = 0; depth < parts.length - 1; depth++) {
    const dir = parts.slice(0, depth).join('/');
    for (const name of await readdir(path.join(o.mount, dir)).catch(() => [] as string[])) {
      if (name === parts[depth]) continue;
      await symlink(path.join(o.mount, dir, name), path.join(root, dir, name));
    }
  }
  const fifo = await run('mkfifo', [path.join(root, blocked)]);
  if (fifo.code !== 0) throw new Error(`mkfifo: ${fifo.stderr}`);
  const file = path.join(root, '..', `${path.basename(root)}.sh`);
  await writeFile(file, exportShellScript(o.host, o.plan, { machine: true }));
  await killWhenPrinted(
    ['sh', file, '--force', '--lock', o.lock, '--journal-dir', o.journalDir, '--sysfs-root', root],
    `STEP ${o.landed} OK\n`
  );
  await run('rm', ['-f', o.lock]); // the killed script's lock is stale
}

/**
 * Runs `command` in a process group of its own and kills the group with
 * SIGKILL (no trap runs) as soon as its standard output contains `marker`;
 * fails when it ends before printing it.
 */
export async function killWhenPrinted([cmd, ...args]: string[], marker: string): Promise<void> {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes(marker)) resolve();
    });
    child.once('close', () => reject(new Error(`${cmd} ${args.join(' ')} ended before printing ${JSON.stringify(marker)}: ${out}`)));
  });
  process.kill(-child.pid!, 'SIGKILL');
  await new Promise((r) => child.once('close', r));
}
