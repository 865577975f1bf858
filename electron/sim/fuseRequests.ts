/**
 * Answers the FUSE requests read from /dev/fuse (fuseDevice.ts) from the
 * served model, so that the mount behaves like /sys (docs/kernel-model.md §8)
 * while the kernel caches all it can:
 *
 * - OPEN and OPENDIR are answered ENOSYS once, which tells the kernel (since
 *   Linux 4.19 and 5.1; older ones are answered) to open files and
 *   directories without asking and to keep their pages and listings cached. A file is then read from the model
 *   once per node (per path and model version, fuseNodes.ts), and every later
 *   read of an unchanged host comes from the kernel's caches; attributes,
 *   names and symlink targets are cached the same way. A file opened before
 *   a change and first read after it shows the new content, as sysfs (which
 *   renders at the first read) does. The price is where two refusals land: reading a
 *   write-only attribute fails at the read, not the open, and so does writing
 *   a read-only one opened without O_TRUNC (a shell's `>` truncates, and the
 *   truncate is refused with EACCES at open time, as sysfs does).
 * - Files report 4096 bytes, as sysfs files do; the kernel learns the real
 *   length from the short read.
 * - Each WRITE is one store of at most one page (a longer write is answered
 *   short, so the writer sends the rest as another store); it is answered
 *   only once the kernel has dropped the names it cached before the change.
 * - Creating, removing or renaming anything is refused, as in sysfs.
 */
import type { SysfsStat } from '../../shared/kernel/types';
import { ERRNO_NUMBER } from '../../shared/ap/errors';
import { errnoOf, storeOnePage } from './fuseOps';
import { inodeNumber, NodeTable, ROOT_ID, type FuseNode } from './fuseNodes';
import type { ServedModel } from './servedModel';
import * as W from './fuseWire';

const ENOENT = ERRNO_NUMBER.ENOENT;
const EACCES = ERRNO_NUMBER.EACCES;
const EPERM = ERRNO_NUMBER.EPERM;
const ENOSYS = 38;
const EINVAL = ERRNO_NUMBER.EINVAL;
/** Names and attributes may be cached for an hour: a change makes the kernel drop them at once. */
const CACHE_SECONDS = 3600;

export interface RequestHandlerOptions {
  model: ServedModel;
  /** sends one reply or notification to the kernel now (the buffer may be reused afterwards) */
  send(message: Buffer, length: number): void;
  /** the largest write the kernel may send (fuse_init_out.max_write) */
  maxWrite: number;
  log: (line: string) => void;
}

export interface RequestHandler {
  /** answers one request; false once the kernel said the mount is going away */
  handle(request: Buffer): boolean;
  /** the kernel nodes held now (tests and diagnostics) */
  readonly nodes: NodeTable;
}

export function createRequestHandler(o: RequestHandlerOptions): RequestHandler {
  const { model } = o;
  const nodes = new NodeTable();
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const time = Math.floor(Date.now() / 1000);
  const out = Buffer.alloc(W.BODY + Math.max(o.maxWrite, 128 * 1024));

  const attrOf = (path: string, st: SysfsStat): W.Attr => ({ ino: inodeNumber(path), ...W.statShape(st), uid, gid, time });
  const statOf = (path: string): SysfsStat => model.stat(path);

  const reply = (h: W.RequestHeader, bodyLength: number): void => o.send(out, W.writeOutHeader(out, h, 0, bodyLength));
  const fail = (h: W.RequestHeader, errno: number): void => o.send(out, W.writeOutHeader(out, h, -errno, 0));

  const nodeOf = (h: W.RequestHeader): FuseNode => {
    const node = nodes.get(h.nodeId);
    // the kernel only names nodes it was given; anything else is a stale handle
    if (!node) throw Object.assign(new Error('stale node'), { code: 'ENOENT' });
    return node;
  };
  const childPath = (parent: FuseNode, name: string): string => (parent.path === '' ? name : `${parent.path}/${name}`);

  const lookup = (h: W.RequestHeader, req: Buffer): void => {
    const path = childPath(nodeOf(h), W.readName(req, W.IN_HEADER_SIZE, h.length));
    const st = statOf(path); // ENOENT is answered as an error: no negative entry is cached
    const node = nodes.lookUp(path, model.version);
    W.writeEntryOut(out, W.BODY, node.id, CACHE_SECONDS, attrOf(path, st));
    reply(h, W.ENTRY_OUT_SIZE);
  };

  const getattr = (h: W.RequestHeader): void => {
    const node = nodeOf(h);
    W.writeAttrOut(out, W.BODY, CACHE_SECONDS, attrOf(node.path, statOf(node.path)));
    reply(h, W.ATTR_OUT_SIZE);
  };

  const setattr = (h: W.RequestHeader, req: Buffer): void => {
    const node = nodeOf(h);
    const st = statOf(node.path);
    const valid = req.readUInt32LE(W.IN_HEADER_SIZE);
    if (valid & W.FATTR_OWNER_OR_MODE) return fail(h, EPERM); // chmod, chown: the simulated attributes keep theirs
    if (st.kind === 'dir') return fail(h, ERRNO_NUMBER.EISDIR);
    // truncating (a shell's `>`) is a no-op on sysfs, but opening a read-only attribute for writing is refused (§8)
    if ((st.mode & 0o222) === 0) return fail(h, EACCES);
    W.writeAttrOut(out, W.BODY, CACHE_SECONDS, attrOf(node.path, st));
    reply(h, W.ATTR_OUT_SIZE);
  };

  const readlink = (h: W.RequestHeader): void => {
    const st = statOf(nodeOf(h).path);
    if (st.kind !== 'symlink' || st.target === undefined) return fail(h, EINVAL);
    reply(h, out.write(st.target, W.BODY, 'utf8'));
  };

  const read = (h: W.RequestHeader, req: Buffer): void => {
    const node = nodeOf(h);
    const st = statOf(node.path);
    if (st.kind === 'dir') return fail(h, ERRNO_NUMBER.EISDIR);
    if ((st.mode & 0o444) === 0) return fail(h, EACCES);
    const offset = W.readU64(req, W.IN_HEADER_SIZE + 8);
    const size = req.readUInt32LE(W.IN_HEADER_SIZE + 16);
    const content = Buffer.from(model.read(node.path), 'utf8');
    if (offset >= content.length) return reply(h, 0);
    reply(h, content.copy(out, W.BODY, offset, Math.min(content.length, offset + size, offset + out.length - W.BODY)));
  };

  const write = (h: W.RequestHeader, req: Buffer): void => {
    const node = nodeOf(h);
    const st = statOf(node.path);
    if ((st.mode & 0o222) === 0) return fail(h, EACCES);
    const size = req.readUInt32LE(W.IN_HEADER_SIZE + 16);
    // a zero-length write never reaches the driver (§8)
    if (size === 0) return writeDone(h, 0);
    const start = W.IN_HEADER_SIZE + W.WRITE_IN_SIZE;
    void storeOnePage(model, node.path, req.subarray(start, start + size), o.log).then((result) => writeDone(h, result));
  };
  const writeDone = (h: W.RequestHeader, result: number): void => {
    if (result < 0) return fail(h, -result);
    out.writeUInt32LE(result, W.BODY);
    out.writeUInt32LE(0, W.BODY + 4);
    reply(h, W.WRITE_OUT_SIZE);
  };

  const readdir = (h: W.RequestHeader, req: Buffer): void => {
    const node = nodeOf(h);
    const offset = W.readU64(req, W.IN_HEADER_SIZE + 8);
    const size = req.readUInt32LE(W.IN_HEADER_SIZE + 16);
    const names = ['.', '..', ...model.list(node.path)];
    const end = W.BODY + Math.min(size, out.length - W.BODY);
    let at = W.BODY;
    for (let i = offset; i < names.length; i++) {
      const name = names[i];
      const path = name === '.' ? node.path : name === '..' ? node.path.replace(/\/?[^/]*$/, '') : childPath(node, name);
      let type: number;
      try {
        type = W.direntType(statOf(path));
      } catch {
        continue; // gone between the listing and its entry
      }
      const next = W.writeDirent(out, at, end, inodeNumber(path), i + 1, type, name);
      if (next < 0) break;
      at = next;
    }
    reply(h, at - W.BODY);
  };

  const init = (h: W.RequestHeader, req: Buffer): void => {
    const major = req.readUInt32LE(W.IN_HEADER_SIZE);
    const minor = req.readUInt32LE(W.IN_HEADER_SIZE + 4);
    const maxReadahead = req.readUInt32LE(W.IN_HEADER_SIZE + 8);
    const offered = req.readUInt32LE(W.IN_HEADER_SIZE + 12);
    if (major !== W.FUSE_KERNEL_VERSION) {
      o.log(`apmatrix sim: the kernel speaks FUSE ${major}.${minor}; this simulator speaks 7.x`);
      return fail(h, EPERM);
    }
    opensWithoutAsking = (offered & W.INIT_NO_OPEN_SUPPORT) !== 0;
    listsWithoutAsking = (offered & W.INIT_NO_OPENDIR_SUPPORT) !== 0;
    const wanted = W.INIT_PARALLEL_DIROPS | W.INIT_CACHE_SYMLINKS;
    W.writeInitOut(out, W.BODY, Math.min(minor, W.FUSE_KERNEL_MINOR), maxReadahead, offered & wanted, o.maxWrite);
    reply(h, W.INIT_OUT_SIZE);
  };

  // Kernels before 4.19 (files) and 5.1 (directories) take ENOSYS for an error: they are
  // answered, with the caching a node of the current version allows (the root outlives them)
  let opensWithoutAsking = true;
  let listsWithoutAsking = true;
  const open = (h: W.RequestHeader, req: Buffer, dir: boolean): void => {
    if (dir ? listsWithoutAsking : opensWithoutAsking) return fail(h, ENOSYS);
    const node = nodeOf(h);
    const st = statOf(node.path);
    const access = req.readUInt32LE(W.IN_HEADER_SIZE) & 3; // O_RDONLY 0, O_WRONLY 1, O_RDWR 2
    if (!dir && access !== 0 && (st.mode & 0o222) === 0) return fail(h, EACCES);
    if (!dir && access !== 1 && (st.mode & 0o444) === 0) return fail(h, EACCES);
    const cache = node.id !== ROOT_ID && node.version === model.version;
    W.writeOpenOut(out, W.BODY, cache ? W.FOPEN_KEEP_CACHE | (dir ? W.FOPEN_CACHE_DIR : 0) : 0);
    reply(h, W.OPEN_OUT_SIZE);
  };

  const forget = (h: W.RequestHeader, req: Buffer): void => nodes.forget(h.nodeId, W.readU64(req, W.IN_HEADER_SIZE));
  const batchForget = (req: Buffer): void => {
    const count = req.readUInt32LE(W.IN_HEADER_SIZE);
    for (let i = 0, at = W.IN_HEADER_SIZE + 8; i < count; i++, at += 16) nodes.forget(W.readU64(req, at), W.readU64(req, at + 8));
  };

  const answer = (h: W.RequestHeader, req: Buffer): void => {
    switch (h.opcode) {
      case W.Op.LOOKUP:
        return lookup(h, req);
      case W.Op.GETATTR:
        return getattr(h);
      case W.Op.SETATTR:
        return setattr(h, req);
      case W.Op.READLINK:
        return readlink(h);
      case W.Op.READ:
        return read(h, req);
      case W.Op.WRITE:
        return write(h, req);
      case W.Op.READDIR:
        return readdir(h, req);
      case W.Op.OPEN:
        return open(h, req, false);
      case W.Op.OPENDIR:
        return open(h, req, true);
      case W.Op.RELEASE:
      case W.Op.RELEASEDIR:
        return reply(h, 0);
      case W.Op.STATFS:
        W.writeStatfsOut(out, W.BODY);
        return reply(h, W.STATFS_OUT_SIZE);
      case W.Op.INIT:
        return init(h, req);
      case W.Op.FORGET:
        return forget(h, req);
      case W.Op.BATCH_FORGET:
        return batchForget(req);
      case W.Op.INTERRUPT:
        return; // every request is answered at once (a write within one invalidation)
      case W.Op.CREATE:
      case W.Op.MKNOD:
        return fail(h, EACCES); // a sysfs directory takes no new files
      case W.Op.MKDIR:
      case W.Op.UNLINK:
      case W.Op.RMDIR:
      case W.Op.RENAME:
      case W.Op.RENAME2:
      case W.Op.LINK:
      case W.Op.SYMLINK:
        return fail(h, EPERM);
      default:
        // FLUSH on purpose (see above); xattrs and access checks: the kernel stops asking
        return fail(h, ENOSYS);
    }
  };

  return {
    nodes,
    handle(request) {
      const h = W.readHeader(request);
      if (h.opcode === W.Op.DESTROY) {
        reply(h, 0);
        return false;
      }
      try {
        answer(h, request);
      } catch (e) {
        const errno = -errnoOf(e, o.log);
        fail(h, errno === 0 ? ENOENT : errno);
      }
      return true;
    }
  };
}
