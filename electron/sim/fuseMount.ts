/**
 * Mounts the served model at a directory with FUSE and unmounts it again.
 * The serving process must never touch the mount synchronously itself
 * (it would wait on its own event loop): callers use a child process.
 *
 * Through fuse-native (not root): the kernel keeps entries and attributes (entry_timeout,
 * attr_timeout) so a path walk costs no round trip per component; every
 * write and event makes it forget them before it is answered (fuseNotify.ts).
 * Where the mount's /dev/fuse descriptor cannot be found, the mount is made
 * again without kernel caching, as correctness comes first.
 */
import { realpath } from 'node:fs/promises';
import { canMountDirectly, DirectMountFailed, mountDevice } from './fuseDevice';
import { createFuseOps, type OpenFile } from './fuseOps';
import { loadFuse, type FuseInstance } from './fuseNative';
import { fuseDescriptors, mountInvalidator, rootNamesEverListed } from './fuseNotify';
import type { ServedModel } from './servedModel';

/** Seconds the kernel may keep an entry or attribute; each change invalidates them at once. */
const CACHE_SECONDS = 3600;

export interface MountedSysfs {
  dir: string;
  /** false when the kernel caches nothing (no /dev/fuse descriptor to notify on) */
  kernelCaching: boolean;
  unmount(): Promise<void>;
}

function mountOnce(
  dir: string,
  model: ServedModel,
  files: Map<number, OpenFile>,
  cache: boolean,
  log?: (line: string) => void
): Promise<FuseInstance> {
  const Fuse = loadFuse();
  const timeouts = cache ? `entry_timeout=${CACHE_SECONDS},attr_timeout=${CACHE_SECONDS}` : 'entry_timeout=0,attr_timeout=0';
  const fuse: FuseInstance = new Fuse(dir, createFuseOps(model, log, files), {
    // fuse-native has no switch for direct_io and drops zero timeouts; its
    // option string is `-o<opt>,<opt>`, so more options can ride on fsname.
    // direct_io: reads ignore the reported size, as sysfs does.
    // negative_timeout=0: a file or mdev that a write creates appears at once.
    fsname: `apmatrix,direct_io,${timeouts},negative_timeout=0`,
    subtype: 'apmatrix',
    // no per-operation timer: it would run on the same event loop that answers,
    // so it cannot rescue a wedged loop and only costs a timer per operation
    timeout: false
  });
  return new Promise((resolve, reject) => fuse.mount((err) => (err ? reject(err) : resolve(fuse))));
}

function unmountOf(fuse: FuseInstance): Promise<void> {
  return new Promise<void>((resolve, reject) => fuse.unmount((err) => (err ? reject(err) : resolve())));
}

/**
 * Mounts the model at `dir`: as root directly over /dev/fuse (fuseDevice.ts,
 * the fast way), otherwise, or where mount(8) refuses, through fuse-native.
 */
export async function mountSysfs(
  dir: string,
  model: ServedModel,
  log: (line: string) => void = (l) => process.stderr.write(l + '\n')
): Promise<MountedSysfs> {
  if (canMountDirectly()) {
    try {
      return await mountDevice(dir, model, log);
    } catch (e) {
      if (!(e instanceof DirectMountFailed)) throw e;
      log(`apmatrix sim: ${e.message}; mounting through libfuse instead`);
    }
  }
  return mountWithLibfuse(dir, model, log);
}

async function mountWithLibfuse(dir: string, model: ServedModel, log: (line: string) => void): Promise<MountedSysfs> {
  const files = new Map<number, OpenFile>();
  const mountDir = await realpath(dir);
  const before = fuseDescriptors();
  let fuse = await mountOnce(dir, model, files, true, log);
  const added = [...fuseDescriptors()].filter((d) => !before.has(d));
  const kernelCaching = added.length === 1;
  if (kernelCaching) {
    model.setInvalidator(
      mountInvalidator({
        fd: () => added[0],
        mountDir,
        rootNames: rootNamesEverListed(() => model.list('')),
        openPaths: () => [...files.values()].map((f) => f.path),
        exists: (p) => model.exists(p)
      })
    );
  } else {
    await unmountOf(fuse);
    fuse = await mountOnce(dir, model, files, false, log);
  }
  let unmounted: Promise<void> | undefined;
  return {
    dir,
    kernelCaching,
    unmount() {
      unmounted ??= unmountOf(fuse);
      return unmounted;
    }
  };
}
