/**
 * Tells the kernel to forget cached FUSE entries that a change made wrong, so
 * the mount can keep entry and attribute caching on (every path component of
 * every file read would otherwise be one more round trip to this process) and
 * still show each write and event at once.
 *
 * - The kernel holds a positive entry only for a path this process answered a
 *   lookup for (getattr; negative entries are not cached: negative_timeout=0),
 *   so the mount remembers those paths and their kinds.
 * - After a change, every remembered path that no longer exists, or is now of
 *   another kind, is forgotten by the kernel: one FUSE_NOTIFY_INVAL_ENTRY per
 *   topmost such path (the kernel's d_invalidate drops the subtree, and
 *   unhashes it even while a shell has its working directory inside).
 * - The notification needs the parent's node id. The high-level libfuse API
 *   reports node ids as inode numbers (no `use_ino`), so it is the parent's
 *   st_ino, read with an asynchronous stat through the mount.
 * - fuse-native has no notify call: the message is written by hand to the
 *   mount's /dev/fuse descriptor (an out header with unique 0 and the notify
 *   code as its error), through libuv's thread pool, because the kernel may
 *   wait there for a lookup that this process's event loop answers.
 */
import { readdirSync, readlinkSync, write } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SysfsStat } from '../../shared/kernel/types';

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

function writeMessage(fd: number, msg: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    write(fd, msg, 0, msg.length, null, (err) => {
      // ENOENT: the kernel holds no such entry (any more), which is what we want
      if (err && err.code !== 'ENOENT') reject(err);
      else resolve();
    })
  );
}

export interface EntryTracker {
  /** a lookup answered with this kind: the kernel may now hold the entry */
  remember(path: string, kind: SysfsStat['kind']): void;
  /** makes the kernel forget every remembered entry that `kindNow` no longer confirms */
  invalidate(kindNow: (path: string) => SysfsStat['kind'] | null): Promise<void>;
}

/**
 * Tracks the entries of the mount at `mountDir` (paths relative to its root,
 * no slashes around); `fd()` gives its /dev/fuse descriptor, known once mounted.
 */
export function entryTracker(fd: () => number, mountDir: string): EntryTracker {
  const known = new Map<string, SysfsStat['kind']>();
  const nodeIdOf = async (dir: string): Promise<bigint> =>
    dir === '' ? FUSE_ROOT_ID : (await stat(path.join(mountDir, dir), { bigint: true })).ino;
  return {
    remember(p, kind) {
      if (p !== '') known.set(p, kind);
    },
    async invalidate(kindNow) {
      const gone = new Set<string>();
      for (const [p, kind] of known) if (kindNow(p) !== kind) gone.add(p);
      if (gone.size === 0) return;
      const topmost: string[] = [];
      for (const p of gone) {
        known.delete(p);
        let parent = path.posix.dirname(p);
        let covered = false;
        while (parent !== '.' && !covered) {
          covered = gone.has(parent);
          parent = path.posix.dirname(parent);
        }
        if (!covered) topmost.push(p);
      }
      for (const p of topmost) {
        const dir = path.posix.dirname(p);
        let parentId: bigint;
        try {
          parentId = await nodeIdOf(dir === '.' ? '' : dir);
        } catch {
          continue; // the parent is gone as well: the kernel cannot reach the entry
        }
        await writeMessage(fd(), invalEntryMessage(parentId, path.posix.basename(p)));
      }
    }
  };
}
