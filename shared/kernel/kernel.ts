/**
 * The kernel model behind a sysfs-shaped API (§12): read, write, list, stat on
 * paths relative to the sysfs root, plus simulated events. Errors are
 * KernelError with the errno a program would see (§8).
 */
import { KernelError } from '../ap';
import { byteLength } from './busWrites';
import { applyEvent } from './events';
import { firstStore } from './sysfsPage';
import { DirNode, Node, resolvePath, staticDir } from './tree';
import { busApDir } from './treeBus';
import { devicesApDir } from './treeDevices';
import { busMatrixDir, busMdevDir, classMdevBusDir, devicesVfioDir } from './treeVfio';
import type { KernelEvent, KernelState, Sysfs, SysfsStat } from './types';

export interface Kernel extends Sysfs {
  /** the live state (mutated by writes and events) */
  readonly state: KernelState;
  /** kernel log (dmesg) lines, newest last */
  readonly log: string[];
  event(e: KernelEvent): void;
  /** readlink: the relative target of a symlink (EINVAL when not a symlink) */
  readlink(path: string): string;
}

function rootDir(s: KernelState): DirNode {
  const vfio = () => s.vfioLoaded; // §9.5 vfio_ap files exist only while the module is loaded
  return staticDir({
    bus: () =>
      staticDir({
        ap: () => busApDir(s),
        matrix: () => (vfio() ? busMatrixDir() : null),
        mdev: () => (vfio() ? busMdevDir(s) : null)
      }),
    devices: () =>
      staticDir({
        ap: () => devicesApDir(s),
        vfio_ap: () => (vfio() ? devicesVfioDir(s) : null)
      }),
    class: () => staticDir({ mdev_bus: () => (vfio() ? classMdevBusDir() : null) })
  });
}

function statOf(node: Node): SysfsStat {
  if (node.kind === 'dir') return { kind: 'dir', mode: 0o755 };
  if (node.kind === 'symlink') return { kind: 'symlink', mode: 0o777, target: node.target };
  return { kind: 'file', mode: node.mode };
}

/**
 * Builds a kernel on `state` (used live, not copied). A ScenarioData is accepted
 * too and means its `state`.
 */
export function createKernel(state: KernelState | { state: KernelState }): Kernel {
  const s: KernelState = 'mdevs' in state ? state : state.state;
  const open = (path: string) => resolvePath(rootDir(s), path, true).node;
  return {
    state: s,
    get log() {
      return s.log;
    },
    read(path) {
      const node = open(path);
      if (node.kind === 'dir') throw new KernelError('EISDIR', path, '', `${path} is a directory`);
      if (node.kind !== 'file' || !node.read) throw new KernelError('EACCES', path, '', `${path} is write-only (§6)`); // §8 at open time
      return node.read();
    },
    write(path, data) {
      const node = open(path);
      if (node.kind === 'dir') throw new KernelError('EISDIR', path, data, `${path} is a directory`);
      if (node.kind !== 'file' || !node.write) throw new KernelError('EACCES', path, data, `${path} is read-only (§6)`); // §8 at open time
      if (byteLength(data) === 0) return 0; // §8 a zero-length write never reaches the driver
      // one write(2) is one store of at most one page; the caller writes the rest again (sysfsPage.ts)
      const { store, bytes } = firstStore(data);
      node.write(store);
      return bytes; // §8 a successful store consumes its whole buffer
    },
    list(path) {
      const node = open(path);
      if (node.kind !== 'dir') throw new KernelError('ENOTDIR', path, '', `${path} is not a directory`);
      return node.list();
    },
    stat(path) {
      return statOf(resolvePath(rootDir(s), path, false).node);
    },
    readlink(path) {
      const node = resolvePath(rootDir(s), path, false).node;
      if (node.kind !== 'symlink') throw new KernelError('EINVAL', path, '', `${path} is not a symlink`);
      return node.target;
    },
    event(e) {
      applyEvent(s, e);
    }
  };
}

/** Same as createKernel: a kernel from a (snapshot-built or cloned) state. */
export const kernelFromState = createKernel;
