/**
 * Loads the `fuse-native` binding (a CommonJS package with a prebuilt N-API
 * binary that links Debian's libfuse.so.2) and gives it just enough types for
 * the mount. It is an optionalDependency: `npm install` succeeds without it
 * (its install script needs libfuse.so.2, or node-gyp with Python), and only
 * `apmatrix sim mount` and the tests that mount load it, here, lazily, turning
 * a missing package or libfuse into one line that says how to get it.
 */
import { createRequire } from 'node:module';
import { SimError } from './simError';

/** fuse-native callbacks: `cb(resultOrNegativeErrno, value?)`. */
export type FuseCallback<T = never> = (code: number, value?: T) => void;

export interface FuseStat {
  mode: number;
  size: number;
  uid: number;
  gid: number;
  mtime: Date;
  atime: Date;
  ctime: Date;
  nlink?: number;
}

/** The subset of FUSE operations the simulator implements. */
export interface FuseOps {
  init?(cb: FuseCallback): void;
  getattr(path: string, cb: FuseCallback<FuseStat>): void;
  readdir(path: string, cb: FuseCallback<string[]>): void;
  readlink(path: string, cb: FuseCallback<string>): void;
  open(path: string, flags: number, cb: FuseCallback<number>): void;
  create(path: string, mode: number, cb: FuseCallback<number>): void;
  read(path: string, fd: number, buf: Buffer, len: number, pos: number, cb: FuseCallback): void;
  write(path: string, fd: number, buf: Buffer, len: number, pos: number, cb: FuseCallback): void;
  truncate(path: string, size: number, cb: FuseCallback): void;
  ftruncate(path: string, fd: number, size: number, cb: FuseCallback): void;
  release(path: string, fd: number, cb: FuseCallback): void;
}

export interface FuseInstance {
  mount(cb: (err: Error | null) => void): void;
  unmount(cb: (err: Error | null) => void): void;
}

export interface FuseClass {
  new (mnt: string, ops: FuseOps, opts: Record<string, unknown>): FuseInstance;
  unmount(mnt: string, cb: (err: Error | null) => void): void;
}

/** Why the binding could not be loaded, phrased as "what is wrong; how to fix it". */
export class FuseUnavailable extends SimError {
  override name = 'FuseUnavailable';
}

let cached: FuseClass | undefined;

export function loadFuse(): FuseClass {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  try {
    cached = require('fuse-native') as FuseClass;
    return cached;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/libfuse\.so/.test(msg)) {
      throw new FuseUnavailable('libfuse2 is missing: install it with `apt-get install libfuse2 fuse`');
    }
    if (/Cannot find module 'fuse-native'/.test(msg)) {
      throw new FuseUnavailable(
        'the FUSE binding (optional npm package fuse-native) is not installed: run `apt-get install libfuse2 fuse`, then `npm install --include=optional` in the AP Matrix folder'
      );
    }
    throw new FuseUnavailable(`the FUSE binding failed to load (${msg.split('\n')[0]}): reinstall with \`npm install\``);
  }
}
