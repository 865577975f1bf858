/**
 * Serves the model over /dev/fuse directly, without libfuse: the process
 * opens /dev/fuse, has mount(8) mount it (which needs root), reads the
 * kernel's requests and answers them (fuseRequests.ts).
 *
 * Why not fuse-native, which it replaces when running as root: every
 * request there crosses from libfuse's thread into JavaScript and back, and
 * libfuse's high-level API always answers OPEN itself and never lets the
 * kernel keep file pages, so a 65,536-queue host cost four such crossings per
 * file on every read. Speaking the protocol here lets the kernel cache names,
 * attributes, pages and listings per node (fuseNodes.ts), so reading an
 * unchanged host again costs the kernel's caches only.
 *
 * Requests are read by a thread of their own (fuseReader.ts) and answered on
 * the event loop with synchronous writes (an answer never blocks in the
 * kernel). Notifications can block (the kernel locks the directory
 * the forgotten name is in, while a lookup there may be waiting for this
 * process), so they go through the thread pool, never the event loop.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { startFuseReader } from './fuseReader';
import { createRequestHandler } from './fuseRequests';
import { ROOT_ID } from './fuseNodes';
import { invalEntryMessage, invalInodeMessage, rootNamesEverListed, withAncestors, workingDirsInside, writeMessage } from './fuseNotify';
import type { MountedSysfs } from './fuseMount';
import type { ServedModel } from './servedModel';

const MAX_WRITE = 128 * 1024;
/** The kernel refuses a read buffer that cannot hold its largest request (header, write_in, max_write bytes). */
const READ_BUFFER = MAX_WRITE + 64 * 1024;
const UNMOUNT_WAIT_MS = 5_000;

const parentOf = (p: string): string => p.slice(0, Math.max(0, p.lastIndexOf('/')));

/**
 * Mounting without libfuse takes mount(2), which takes root; everyone else
 * mounts through fusermount. APMATRIX_SIM_FUSE=libfuse chooses libfuse as root too.
 */
export function canMountDirectly(): boolean {
  return process.geteuid?.() === 0 && process.env.APMATRIX_SIM_FUSE !== 'libfuse';
}

/** Why the direct mount could not be made; the caller then mounts through libfuse. */
export class DirectMountFailed extends Error {
  override name = 'DirectMountFailed';
}

function runTool(command: string, args: string[], extraFd?: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const stdio: Array<'ignore' | 'pipe' | number> = ['ignore', 'ignore', 'pipe'];
    if (extraFd !== undefined) stdio.push(extraFd); // the child's fd 3
    const child = spawn(command, args, { stdio });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr: stderr.trim() }));
  });
}

export async function mountDevice(dir: string, model: ServedModel, log: (line: string) => void): Promise<MountedSysfs> {
  let fd: number;
  try {
    fd = openSync('/dev/fuse', 'r+');
  } catch (e) {
    throw new DirectMountFailed(`/dev/fuse cannot be opened (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const send = (message: Buffer, length: number): void => {
    try {
      writeSync(fd, message, 0, length);
    } catch (e) {
      // ENOENT: the request was interrupted and the kernel no longer waits for it
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log(`apmatrix sim: answering the kernel failed: ${String(e)}`);
    }
  };
  const handler = createRequestHandler({ model, send, maxWrite: MAX_WRITE, log });

  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  // allow_other with default_permissions: every user may look, as in /sys, and the kernel holds
  // everyone but root to the files' modes (only root writes an attribute)
  const options = `fd=3,rootmode=40000,user_id=${uid},group_id=${gid},allow_other,default_permissions,nosuid,nodev,max_read=${MAX_WRITE}`;
  let mounted: { code: number | null; stderr: string };
  try {
    // -i: mount(2) itself, no mount.fuse helper (which would look for a program called apmatrix)
    mounted = await runTool('mount', ['-i', '-t', 'fuse.apmatrix', '-o', options, 'apmatrix', dir], fd);
  } catch (e) {
    mounted = { code: null, stderr: String(e) };
  }
  if (mounted.code !== 0) {
    closeSync(fd);
    throw new DirectMountFailed(`mount(8) refused: ${mounted.stderr || `exit status ${mounted.code}`}`);
  }
  // only now: before the mount, a read of /dev/fuse fails at once (EPERM); INIT waits for the first read
  let destroyed = false;
  const reader = startFuseReader(
    fd,
    READ_BUFFER,
    (request) => {
      if (!destroyed && !handler.handle(request)) destroyed = true;
    },
    log
  );

  const mountDir = await realpath(dir);
  const rootNames = rootNamesEverListed(() => model.list(''));
  const notify = (message: Buffer): Promise<void> => writeMessage(fd, message);
  const forget = (parent: number, name: string): Promise<void> => notify(invalEntryMessage(BigInt(parent), name));
  model.setInvalidator(async () => {
    // 1. names in use that are gone (a shell's working directory and its ancestors): in use,
    //    they survive step 2, and a relative path (`..`) still reaches them; forgotten by name
    //    in every node of their parent the kernel holds. The listings of those in use are
    //    forgotten too (an `ls` in a working directory lists it again).
    const inUse = withAncestors(await workingDirsInside(mountDir));
    const gone = inUse.filter((p) => !model.exists(p));
    const held = handler.nodes.idsAt(new Set([...inUse, ...gone.map(parentOf)]));
    for (const p of gone) for (const id of held.get(parentOf(p)) ?? []) await forget(id, p.slice(p.lastIndexOf('/') + 1));
    for (const p of inUse) for (const id of held.get(p) ?? []) await notify(invalInodeMessage(BigInt(id)));
    // 2. the root's names: the kernel drops every unused name below them, so every later path
    //    walk looks its path up again and gets a node of the new version (fuseNodes.ts); the
    //    root is the one node that outlives versions, so its listing is forgotten as well
    for (const name of rootNames()) await forget(ROOT_ID, name);
    await notify(invalInodeMessage(BigInt(ROOT_ID)));
  });

  let unmounted: Promise<void> | undefined;
  const unmount = async (): Promise<void> => {
    let r = await runTool('umount', [dir]);
    if (r.code !== 0) r = await runTool('umount', ['-l', dir]); // busy: detach now, end when the last user leaves
    if (r.code !== 0) throw new Error(`umount ${dir}: ${r.stderr || `exit status ${r.code}`}`);
    const waited = await Promise.race([
      reader.ended.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), UNMOUNT_WAIT_MS).unref())
    ]);
    if (!waited) log(`apmatrix sim: ${dir} is detached; the kernel ends the connection once its last user leaves`);
    else closeSync(fd);
  };
  return {
    dir,
    kernelCaching: true,
    unmount() {
      unmounted ??= unmount();
      return unmounted;
    }
  };
}
