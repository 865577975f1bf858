/**
 * Mounts a `Sysfs` at a directory with FUSE and unmounts it again.
 * The serving process must never touch the mount synchronously itself
 * (it would wait on its own event loop): callers use a child process.
 */
import type { Sysfs } from '../../shared/kernel/types';
import { createFuseOps } from './fuseOps';
import { loadFuse, type FuseInstance } from './fuseNative';

export interface MountedSysfs {
  dir: string;
  unmount(): Promise<void>;
}

export async function mountSysfs(dir: string, sysfs: Sysfs, log?: (line: string) => void): Promise<MountedSysfs> {
  const Fuse = loadFuse();
  const ops = createFuseOps(sysfs, log);
  const fuse: FuseInstance = new Fuse(dir, ops, {
    // fuse-native has no switch for direct_io and drops zero timeouts; its
    // option string is `-o<opt>,<opt>`, so more options can ride on fsname.
    // direct_io: reads ignore the reported size, as sysfs does.
    // entry/attr_timeout=0: an mdev directory removed or created by a write
    // disappears or appears at once, as in sysfs (libfuse caches for 1 s).
    fsname: 'apmatrix,direct_io,entry_timeout=0,attr_timeout=0,negative_timeout=0',
    subtype: 'apmatrix',
    // no per-operation timer: it would run on the same event loop that answers,
    // so it cannot rescue a wedged loop and only costs a timer per operation
    timeout: false
  });
  await new Promise<void>((resolve, reject) => fuse.mount((err) => (err ? reject(err) : resolve())));
  let unmounted: Promise<void> | undefined;
  return {
    dir,
    unmount() {
      unmounted ??= new Promise<void>((resolve, reject) =>
        fuse.unmount((err) => (err ? reject(err) : resolve()))
      );
      return unmounted;
    }
  };
}
