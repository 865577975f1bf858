/**
 * FUSE operations that present a `Sysfs` (the kernel model) as a directory
 * tree that behaves like /sys:
 * - attribute content is produced when the file is opened for reading and
 *   served from that buffer (sysfs fills one page per open, §8);
 * - each FUSE write is one store to the model of at most one page, as kernfs
 *   stores it: a longer write is cut at SYSFS_PAGE and answered short, so the
 *   writer sends the rest as another store (offsets are ignored, as sysfs
 *   ignores them); errors come back as negative errno numbers, so bash prints
 *   `echo: write error: Address already in use` (§8);
 * - EACCES and ENOENT happen at open time, every other errno at write time (§8);
 * - truncate is a successful no-op (bash `>` truncates before writing).
 * The mount is opened with `direct_io`, so the size in getattr does not limit
 * reads (sysfs files report 4096 whatever their content).
 * Every callback is answered from the event loop without blocking it.
 * Answers come from the served model (servedModel.ts: remembered per model
 * version); a write is answered only once the kernel forgot its cached
 * entries, so the writer's next command sees the new tree.
 */
import { ERRNO_NUMBER, type Errno } from '../../shared/ap/errors';
import { SYSFS_PAGE } from '../../shared/kernel/sysfsPage';
import type { SysfsStat } from '../../shared/kernel/types';
import type { FuseCallback, FuseOps, FuseStat } from './fuseNative';
import { statShape } from './fuseWire';
import type { ServedModel } from './servedModel';

const EIO = 5;
const EACCES = ERRNO_NUMBER.EACCES;
/** O_ACCMODE values of open(2) */
const O_RDONLY = 0;
const O_WRONLY = 1;

export interface OpenFile {
  path: string;
  /** content produced at open time (only for read opens) */
  content: Buffer;
}

/** Turns anything the model throws into a negative errno number. */
export function errnoOf(e: unknown, log: (line: string) => void): number {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in ERRNO_NUMBER) return -ERRNO_NUMBER[code as Errno];
  // a model bug, not a kernel answer: report it where the operator sees it
  log(`apmatrix sim: internal error: ${e instanceof Error ? e.message : String(e)}`);
  return -EIO;
}

/**
 * One write(2) as kernfs stores it: at most one page of `data` goes to the
 * model as one store, and a successful store consumes all it took (§8).
 * Resolves to the bytes taken or a negative errno, once the kernel forgot
 * what it cached before the change, so the writer's next command sees it.
 */
export async function storeOnePage(model: ServedModel, path: string, data: Buffer, log: (line: string) => void): Promise<number> {
  const take = Math.min(data.length, SYSFS_PAGE);
  let result: number;
  try {
    model.write(path, data.toString('utf8', 0, take));
    result = take;
  } catch (e) {
    result = errnoOf(e, log);
  }
  try {
    await model.settle();
  } catch (e) {
    log(`apmatrix sim: the kernel's cache could not be invalidated: ${e instanceof Error ? e.message : String(e)}`);
  }
  return result;
}

/** '/bus/ap/apmask' -> 'bus/ap/apmask'; '/' -> '' */
export function sysfsPath(fusePath: string): string {
  return fusePath.replace(/^\/+/, '').replace(/\/+$/, '');
}

export function createFuseOps(
  sysfs: ServedModel,
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  /** the open files by descriptor (the mount asks which paths are open, fuseNotify.ts) */
  files: Map<number, OpenFile> = new Map()
): FuseOps {
  let nextFd = 10;
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const time = new Date();

  const statOf = (path: string): SysfsStat => sysfs.stat(path);
  const toFuseStat = (st: SysfsStat): FuseStat => ({ ...statShape(st), uid, gid, mtime: time, atime: time, ctime: time });

  /** open for an existing attribute: permission check first, then produce the page (§8) */
  const openFile = (path: string, flags: number): number => {
    const st = statOf(path);
    if (st.kind === 'dir') return -ERRNO_NUMBER.EISDIR;
    const acc = flags & 3;
    const wantsRead = acc !== O_WRONLY;
    const wantsWrite = acc !== O_RDONLY;
    if (wantsRead && (st.mode & 0o444) === 0) return -EACCES;
    if (wantsWrite && (st.mode & 0o222) === 0) return -EACCES;
    const content = wantsRead ? Buffer.from(sysfs.read(path), 'utf8') : Buffer.alloc(0);
    const fd = nextFd++;
    files.set(fd, { path, content });
    return fd;
  };

  const guard = <T>(cb: FuseCallback<T>, work: () => void): void => {
    try {
      work();
    } catch (e) {
      cb(errnoOf(e, log));
    }
  };

  const ops: FuseOps = {
    init(cb) {
      cb(0);
    },
    getattr(path, cb) {
      guard(cb, () => cb(0, toFuseStat(statOf(sysfsPath(path)))));
    },
    readdir(path, cb) {
      guard(cb, () => cb(0, sysfs.list(sysfsPath(path))));
    },
    readlink(path, cb) {
      guard(cb, () => {
        const st = statOf(sysfsPath(path));
        if (st.kind !== 'symlink' || st.target === undefined) return cb(-ERRNO_NUMBER.EINVAL);
        cb(0, st.target);
      });
    },
    open(path, flags, cb) {
      guard(cb, () => {
        const fd = openFile(sysfsPath(path), flags);
        if (fd < 0) return cb(fd);
        cb(0, fd);
      });
    },
    create(_path, _mode, cb) {
      // sysfs directories cannot hold new files: the VFS answers EACCES
      cb(-EACCES);
    },
    read(_path, fd, buf, len, pos, cb) {
      const file = files.get(fd);
      if (!file) return cb(-ERRNO_NUMBER.EINVAL);
      if (pos >= file.content.length) return cb(0);
      const n = file.content.copy(buf, 0, pos, Math.min(file.content.length, pos + len));
      cb(n);
    },
    write(_path, fd, buf, len, _pos, cb) {
      const file = files.get(fd);
      if (!file) return cb(-ERRNO_NUMBER.EINVAL);
      // a zero-length write never reaches the driver (§8)
      if (len === 0) return cb(0);
      void storeOnePage(sysfs, file.path, buf.subarray(0, len), log).then(cb);
    },
    truncate(path, _size, cb) {
      guard(cb, () => {
        statOf(sysfsPath(path));
        cb(0);
      });
    },
    ftruncate(_path, _fd, _size, cb) {
      cb(0);
    },
    release(_path, fd, cb) {
      files.delete(fd);
      cb(0);
    }
  };
  return ops;
}
