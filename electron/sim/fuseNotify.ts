/**
 * Tells the kernel to forget cached FUSE entries after a change, so the mount
 * can keep entry and attribute caching on (every path component of every
 * file read would otherwise be one more round trip to this process) and still
 * show each write and event at once. Negative entries are never cached
 * (negative_timeout=0), so only positive ones can be wrong, and after a
 * change they are dropped in two steps:
 *
 * 1. Every entry in use that no longer exists is invalidated by name: the
 *    working directories of processes inside the mount (/proc/PID/cwd) and the
 *    files open on it, with their ancestors. An entry in use survives step 2
 *    (and a directory's old entry comes back on its next lookup, with its
 *    children), so it must be unhashed itself.
 * 2. The entries of the root's children (`bus`, `devices`, `class`) are
 *    invalidated: the kernel's d_invalidate drops every unused entry below.
 *
 * An invalidation is a FUSE_NOTIFY_INVAL_ENTRY message (an out header with
 * unique 0 and the notify code as its error) written by hand to the mount's
 * /dev/fuse descriptor, as fuse-native has no notify call; it names the
 * parent's node id, which the high-level libfuse API reports as the inode
 * number (no `use_ino`), read with an asynchronous stat through the mount.
 * All of it goes through libuv's thread pool: the kernel may wait there for a
 * lookup that this process's event loop answers.
 */
import { readdirSync, readlinkSync, write } from 'node:fs';
import { readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';

const FUSE_NOTIFY_INVAL_INODE = 2;
const FUSE_NOTIFY_INVAL_ENTRY = 3;
const FUSE_ROOT_ID = 1n;

/** The descriptors of this process that are open on /dev/fuse. */
export function fuseDescriptors(): Set<number> {
  const fds = new Set<number>();
  let names: string[];
  try {
    names = readdirSync('/proc/self/fd');
  } catch {
    return fds;
  }
  for (const name of names) {
    try {
      if (readlinkSync(`/proc/self/fd/${name}`) === '/dev/fuse') fds.add(Number(name));
    } catch {
      /* closed meanwhile */
    }
  }
  return fds;
}

/** The message that makes the kernel forget the entry `name` in directory node `parent`. */
export function invalEntryMessage(parent: bigint, name: string): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const len = 16 + 16 + nameBytes.length + 1;
  const msg = Buffer.alloc(len);
  msg.writeUInt32LE(len, 0); // fuse_out_header.len
  msg.writeInt32LE(FUSE_NOTIFY_INVAL_ENTRY, 4); // .error carries the notify code
  msg.writeBigUInt64LE(0n, 8); // .unique 0: a notification, not a reply
  msg.writeBigUInt64LE(parent, 16); // fuse_notify_inval_entry_out.parent
  msg.writeUInt32LE(nameBytes.length, 24); // .namelen
  msg.writeUInt32LE(0, 28); // .flags
  nameBytes.copy(msg, 32); // name, then its NUL
  return msg;
}

/**
 * The message that makes the kernel forget node `nodeId`'s attributes and
 * cached pages (a directory's pages hold its cached listing).
 */
export function invalInodeMessage(nodeId: bigint): Buffer {
  const msg = Buffer.alloc(16 + 24);
  msg.writeUInt32LE(msg.length, 0); // fuse_out_header.len
  msg.writeInt32LE(FUSE_NOTIFY_INVAL_INODE, 4); // .error carries the notify code; .unique stays 0
  msg.writeBigUInt64LE(nodeId, 16); // fuse_notify_inval_inode_out.ino
  // .off 0 and .len 0: every page
  return msg;
}

/**
 * Every name the root has listed so far, now included: a top directory that
 * vanishes must be forgotten too.
 */
export function rootNamesEverListed(list: () => string[]): () => string[] {
  const seen = new Set<string>();
  return () => {
    for (const name of list()) seen.add(name);
    return [...seen];
  };
}

/** Each mount-relative path with its ancestors, outermost first. */
export function withAncestors(paths: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join('/'));
  }
  return [...all].sort((a, b) => a.length - b.length);
}

/** Writes one notification; ENOENT (the kernel holds no such name) is what was wanted anyway. */
export function writeMessage(fd: number, msg: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    write(fd, msg, 0, msg.length, null, (err) => {
      // ENOENT: the kernel holds no such entry (any more), which is what we want
      if (err && err.code !== 'ENOENT') reject(err);
      else resolve();
    })
  );
}

/** Mount-relative paths (no slashes around) of the working directories of processes inside `mountDir`. */
export async function workingDirsInside(mountDir: string): Promise<string[]> {
  const out: string[] = [];
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  } catch {
    return out;
  }
  await Promise.all(
    pids.map(async (pid) => {
      try {
        const cwd = (await readlink(`/proc/${pid}/cwd`)).replace(/ \(deleted\)$/, '');
        if (cwd.startsWith(mountDir + '/')) out.push(cwd.slice(mountDir.length + 1));
      } catch {
        /* gone, or not ours to see */
      }
    })
  );
  return out;
}

export interface InvalidatorOptions {
  /** the mount's /dev/fuse descriptor (known once mounted) */
  fd: () => number;
  /** the mount point, as an absolute path without symlinks */
  mountDir: string;
  /** the names in the root directory, now and before */
  rootNames: () => string[];
  /** mount-relative paths of the files open on the mount */
  openPaths: () => Iterable<string>;
  /** whether a mount-relative path exists in the model now */
  exists: (p: string) => boolean;
}

/** What a change calls before it is answered: the kernel then holds no wrong entry. */
export function mountInvalidator(o: InvalidatorOptions): () => Promise<void> {
  const nodeIdOf = async (dir: string): Promise<bigint> =>
    dir === '' ? FUSE_ROOT_ID : (await stat(path.join(o.mountDir, dir), { bigint: true })).ino;
  const forget = async (p: string): Promise<void> => {
    const dir = path.posix.dirname(p);
    let parent: bigint;
    try {
      parent = await nodeIdOf(dir === '.' ? '' : dir);
    } catch {
      return; // the parent is gone too: invalidated itself, nothing reaches this entry by name
    }
    await writeMessage(o.fd(), invalEntryMessage(parent, path.posix.basename(p)));
  };
  return async () => {
    // 1. entries in use that are gone, outermost first
    const inUse = withAncestors([...(await workingDirsInside(o.mountDir)), ...o.openPaths()]);
    for (const p of inUse) if (!o.exists(p)) await forget(p);
    // 2. everything unused
    for (const name of o.rootNames()) await writeMessage(o.fd(), invalEntryMessage(FUSE_ROOT_ID, name));
  };
}
