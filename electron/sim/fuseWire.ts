/**
 * The FUSE kernel protocol as /dev/fuse speaks it (linux/fuse.h, protocol
 * 7.31): the request opcodes this simulator answers, the header and reply
 * layouts, and the notifications. Little-endian, as on every machine Node
 * runs the simulator on (s390x hosts are read over SSH, never mounted).
 *
 * A request is `fuse_in_header` (40 bytes) then its body; a reply is
 * `fuse_out_header` (16 bytes: length, negative errno, the request's unique
 * id) then its body. A notification is a reply with unique 0 whose error
 * field carries the notify code (the notifications are built in fuseNotify.ts).
 */
import type { SysfsStat } from '../../shared/kernel/types';

export const FUSE_KERNEL_VERSION = 7;
/** The minor version we speak: CACHE_DIR, CACHE_SYMLINKS, NO_OPEN_SUPPORT and FOPEN_NOFLUSH all exist by 7.31. */
export const FUSE_KERNEL_MINOR = 31;

export const Op = {
  LOOKUP: 1,
  FORGET: 2,
  GETATTR: 3,
  SETATTR: 4,
  READLINK: 5,
  SYMLINK: 6,
  MKNOD: 8,
  MKDIR: 9,
  UNLINK: 10,
  RMDIR: 11,
  RENAME: 12,
  LINK: 13,
  OPEN: 14,
  READ: 15,
  WRITE: 16,
  STATFS: 17,
  RELEASE: 18,
  FLUSH: 25,
  INIT: 26,
  OPENDIR: 27,
  READDIR: 28,
  RELEASEDIR: 29,
  CREATE: 35,
  INTERRUPT: 36,
  DESTROY: 38,
  BATCH_FORGET: 42,
  RENAME2: 45
} as const;

/** fuse_init_out.flags we ask for (each only when the kernel offers it) */
export const INIT_PARALLEL_DIROPS = 1 << 18;
export const INIT_CACHE_SYMLINKS = 1 << 23;
/** fuse_init_in.flags: the kernel opens files (4.19) and directories (5.1) without asking when OPEN says ENOSYS */
export const INIT_NO_OPEN_SUPPORT = 1 << 17;
export const INIT_NO_OPENDIR_SUPPORT = 1 << 24;

/** fuse_open_out.open_flags, for kernels that must be answered */
export const FOPEN_KEEP_CACHE = 1 << 1;
export const FOPEN_CACHE_DIR = 1 << 3;
export const OPEN_OUT_SIZE = 16;

/** fuse_open_out: no file handle (the node id says everything), the open flags. */
export function writeOpenOut(out: Buffer, at: number, openFlags: number): void {
  out.fill(0, at, at + OPEN_OUT_SIZE);
  out.writeUInt32LE(openFlags, at + 8);
}

/** fuse_setattr_in.valid: mode, uid, gid (times, size and the handle bits come with a truncate) */
export const FATTR_OWNER_OR_MODE = (1 << 0) | (1 << 1) | (1 << 2);

export const IN_HEADER_SIZE = 40;
const OUT_HEADER_SIZE = 16;
const ATTR_SIZE = 88;
export const ENTRY_OUT_SIZE = 40 + ATTR_SIZE;
export const ATTR_OUT_SIZE = 16 + ATTR_SIZE;
export const INIT_OUT_SIZE = 64;
export const STATFS_OUT_SIZE = 80;
export const WRITE_OUT_SIZE = 8;
/** fuse_write_in before the data */
export const WRITE_IN_SIZE = 40;

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
/** sysfs reports every attribute as one page */
const SYSFS_FILE_SIZE = 4096;

/**
 * What both serving paths report for a model entry: type and permission bits,
 * size (one page for an attribute, the target's length for a symlink) and
 * link count.
 */
export function statShape(st: SysfsStat): { mode: number; size: number; nlink: number } {
  if (st.kind === 'dir') return { mode: S_IFDIR | st.mode, size: 0, nlink: 2 };
  if (st.kind === 'symlink') return { mode: S_IFLNK | st.mode, size: Buffer.byteLength(st.target ?? ''), nlink: 1 };
  return { mode: S_IFREG | st.mode, size: SYSFS_FILE_SIZE, nlink: 1 };
}
const DT_DIR = 4;
const DT_REG = 8;
const DT_LNK = 10;

/** The fields of fuse_in_header the server uses; the body starts at IN_HEADER_SIZE. */
export interface RequestHeader {
  length: number;
  opcode: number;
  /** the request's id, kept as the two 32-bit halves it is copied back from */
  uniqueLo: number;
  uniqueHi: number;
  nodeId: number;
}

export function readHeader(buf: Buffer): RequestHeader {
  return {
    length: buf.readUInt32LE(0),
    opcode: buf.readUInt32LE(4),
    uniqueLo: buf.readUInt32LE(8),
    uniqueHi: buf.readUInt32LE(12),
    // node ids are allocated by this process from 1 upwards, far below 2^53
    nodeId: buf.readUInt32LE(16) + buf.readUInt32LE(20) * 0x1_0000_0000
  };
}

export function readU64(buf: Buffer, at: number): number {
  return buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * 0x1_0000_0000;
}

function writeU64(buf: Buffer, at: number, value: number): void {
  buf.writeUInt32LE(value >>> 0, at);
  buf.writeUInt32LE(Math.floor(value / 0x1_0000_0000), at + 4);
}

/** A NUL-terminated name in a request body. */
export function readName(buf: Buffer, at: number, end: number): string {
  const nul = buf.indexOf(0, at);
  return buf.toString('utf8', at, nul < 0 || nul > end ? end : nul);
}

/** Writes the out header for a reply of `bodyLength` bytes (or an error with none). */
export function writeOutHeader(out: Buffer, h: RequestHeader, error: number, bodyLength: number): number {
  const length = OUT_HEADER_SIZE + bodyLength;
  out.writeUInt32LE(length, 0);
  out.writeInt32LE(error, 4);
  out.writeUInt32LE(h.uniqueLo, 8);
  out.writeUInt32LE(h.uniqueHi, 12);
  return length;
}

/** Where a reply's body starts in the out buffer. */
export const BODY = OUT_HEADER_SIZE;

export interface Attr {
  ino: number;
  /** S_IF* type bits and the permission bits */
  mode: number;
  size: number;
  nlink: number;
  uid: number;
  gid: number;
  /** seconds since the epoch, for all three times */
  time: number;
}

/** fuse_attr at `at` (88 bytes). */
export function writeAttr(out: Buffer, at: number, a: Attr): void {
  out.fill(0, at, at + ATTR_SIZE);
  writeU64(out, at, a.ino);
  writeU64(out, at + 8, a.size);
  writeU64(out, at + 24, a.time); // atime
  writeU64(out, at + 32, a.time); // mtime
  writeU64(out, at + 40, a.time); // ctime
  out.writeUInt32LE(a.mode, at + 60);
  out.writeUInt32LE(a.nlink, at + 64);
  out.writeUInt32LE(a.uid, at + 68);
  out.writeUInt32LE(a.gid, at + 72);
  out.writeUInt32LE(4096, at + 80); // blksize
}

/** fuse_entry_out: node id, generation, how long the name and the attributes may be cached. */
export function writeEntryOut(out: Buffer, at: number, nodeId: number, validSeconds: number, a: Attr): void {
  writeU64(out, at, nodeId);
  writeU64(out, at + 8, 0); // generation: node ids are never reused
  writeU64(out, at + 16, validSeconds); // entry_valid
  writeU64(out, at + 24, validSeconds); // attr_valid
  out.writeUInt32LE(0, at + 32);
  out.writeUInt32LE(0, at + 36);
  writeAttr(out, at + 40, a);
}

/** fuse_attr_out */
export function writeAttrOut(out: Buffer, at: number, validSeconds: number, a: Attr): void {
  writeU64(out, at, validSeconds);
  out.writeUInt32LE(0, at + 8);
  out.writeUInt32LE(0, at + 12);
  writeAttr(out, at + 16, a);
}

/** fuse_init_out for protocol 7.`minor` */
export function writeInitOut(out: Buffer, at: number, minor: number, maxReadahead: number, flags: number, maxWrite: number): void {
  out.fill(0, at, at + INIT_OUT_SIZE);
  out.writeUInt32LE(FUSE_KERNEL_VERSION, at);
  out.writeUInt32LE(minor, at + 4);
  out.writeUInt32LE(maxReadahead, at + 8);
  out.writeUInt32LE(flags, at + 12);
  out.writeUInt16LE(16, at + 16); // max_background
  out.writeUInt16LE(12, at + 18); // congestion_threshold
  out.writeUInt32LE(maxWrite, at + 20);
  out.writeUInt32LE(1, at + 24); // time_gran: whole seconds are exact
}

/** fuse_kstatfs: an empty filesystem of 4 KiB blocks, names up to 255 bytes. */
export function writeStatfsOut(out: Buffer, at: number): void {
  out.fill(0, at, at + STATFS_OUT_SIZE);
  out.writeUInt32LE(4096, at + 40); // bsize
  out.writeUInt32LE(255, at + 44); // namelen
  out.writeUInt32LE(4096, at + 48); // frsize
}

export function direntType(st: SysfsStat): number {
  return st.kind === 'dir' ? DT_DIR : st.kind === 'symlink' ? DT_LNK : DT_REG;
}

/**
 * Appends one fuse_dirent (ino, offset of the next entry, name length, type,
 * name padded to 8 bytes) if it fits before `end`; returns the new position,
 * or -1 when it does not fit.
 */
export function writeDirent(out: Buffer, at: number, end: number, ino: number, nextOffset: number, type: number, name: string): number {
  const nameLength = Buffer.byteLength(name);
  const size = (24 + nameLength + 7) & ~7;
  if (at + size > end) return -1;
  writeU64(out, at, ino);
  writeU64(out, at + 8, nextOffset);
  out.writeUInt32LE(nameLength, at + 16);
  out.writeUInt32LE(type, at + 20);
  out.write(name, at + 24, 'utf8');
  out.fill(0, at + 24 + nameLength, at + size);
  return at + size;
}
