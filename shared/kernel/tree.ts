/**
 * The sysfs tree as lazily built nodes: directories list and look up children on
 * demand, files carry their mode and read/write functions, symlinks their
 * relative target. Resolution follows symlinks like the VFS (intermediate
 * components always, the last one on request).
 */
import { KernelError } from '../ap';

export interface FileNode {
  kind: 'file';
  /** §6: write-only 0200, read-only 0444, read-write 0644 */
  mode: number;
  read?: () => string;
  write?: (data: string) => void;
}
export interface DirNode {
  kind: 'dir';
  list: () => string[];
  child: (name: string) => Node | null;
}
export interface LinkNode {
  kind: 'symlink';
  target: string;
}
export type Node = FileNode | DirNode | LinkNode;

export const ro = (read: () => string): FileNode => ({ kind: 'file', mode: 0o444, read });
export const rw = (read: () => string, write: (data: string) => void): FileNode => ({ kind: 'file', mode: 0o644, read, write });
export const wo = (write: (data: string) => void): FileNode => ({ kind: 'file', mode: 0o200, write });
export const link = (target: string): LinkNode => ({ kind: 'symlink', target });

/** A directory of fixed names; a factory returning null hides the entry (e.g. era-dependent files). */
export function staticDir(
  entries: Record<string, () => Node | null>,
  extra?: { list: () => string[]; child: (name: string) => Node | null }
): DirNode {
  return {
    kind: 'dir',
    list: () => {
      const names = Object.keys(entries).filter((n) => entries[n]() !== null);
      return extra ? names.concat(extra.list()) : names;
    },
    child: (name) => (Object.prototype.hasOwnProperty.call(entries, name) ? entries[name]() : extra ? extra.child(name) : null)
  };
}

export function dynamicDir(list: () => string[], child: (name: string) => Node | null): DirNode {
  return { kind: 'dir', list, child };
}

/** Splits a sysfs path; a leading `/` is accepted. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

export interface Resolved {
  node: Node;
  /** the physical path of the node, after following symlinks */
  segments: string[];
}

/** Walks from `root`; ENOENT for a missing name, ENOTDIR through a file. */
export function resolvePath(root: DirNode, path: string, followLast: boolean): Resolved {
  let pending = splitPath(path);
  let hops = 0;
  for (;;) {
    const stack: Node[] = [root];
    const segs: string[] = [];
    let restarted = false;
    for (let i = 0; i < pending.length; i++) {
      const name = pending[i];
      if (name === '..') {
        if (stack.length > 1) {
          stack.pop();
          segs.pop();
        }
        continue;
      }
      const cur = stack[stack.length - 1];
      if (cur.kind !== 'dir') throw new KernelError('ENOTDIR', path, '', `${segs.join('/')} is not a directory`);
      const child = cur.child(name);
      if (!child) throw new KernelError('ENOENT', path, '', `${[...segs, name].join('/')} does not exist`);
      const last = i === pending.length - 1;
      if (child.kind === 'symlink' && (!last || followLast)) {
        if (++hops > 40) throw new KernelError('ENOENT', path, '', 'too many levels of symbolic links');
        pending = [...segs, ...splitPath(child.target), ...pending.slice(i + 1)];
        restarted = true;
        break;
      }
      stack.push(child);
      segs.push(name);
    }
    if (!restarted) return { node: stack[stack.length - 1], segments: segs };
  }
}
