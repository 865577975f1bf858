/**
 * The node ids the kernel holds for the mount, one per path per model version.
 *
 * A path gets a NEW node id after every change of the model (a write, an
 * event, a reboot). That is what lets the kernel cache everything it can
 * (names, attributes, file pages, directory listings, symlink targets: all
 * keyed by node id) without ever showing an old answer: once the mount has
 * made the kernel drop its names (fuseDevice.ts), every path walk looks the
 * path up again and gets a node with nothing cached. Nodes of older versions
 * live on only while the kernel still holds them (an open file, a working
 * directory) and answer from the current model by their path, as sysfs does
 * for a file opened before the change.
 *
 * The kernel counts the lookups it was answered with and gives them back with
 * FORGET; a node is dropped when its count reaches zero. The root is node 1
 * and lives as long as the mount.
 */

export const ROOT_ID = 1;

/** A stable inode number per path (FNV-1a, 52 bits), the same across model versions, as sysfs keeps it. */
export function inodeNumber(path: string): number {
  if (path === '') return ROOT_ID;
  let lo = 0x811c9dc5;
  let hi = 0x01000193;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    lo = Math.imul(lo ^ c, 0x01000193);
    hi = Math.imul(hi ^ c, 0x0100019d);
  }
  return (hi & 0xfffff) * 0x1_0000_0000 + (lo >>> 0) + 2;
}

export interface FuseNode {
  id: number;
  /** mount-relative, without slashes around ('' for the root) */
  path: string;
  /** the model version the node was handed out in */
  version: number;
  /** lookups answered minus lookups forgotten */
  lookups: number;
}

export class NodeTable {
  private readonly byId = new Map<number, FuseNode>();
  private current = new Map<string, FuseNode>();
  private currentVersion = -1;
  private nextId = ROOT_ID + 1;

  constructor() {
    this.byId.set(ROOT_ID, { id: ROOT_ID, path: '', version: -1, lookups: 1 });
  }

  get(id: number): FuseNode | undefined {
    return this.byId.get(id);
  }

  /** The node for `path` in model version `version`, counted as one more lookup. */
  lookUp(path: string, version: number): FuseNode {
    if (version !== this.currentVersion) {
      // nodes of the previous version stay in byId while the kernel holds them
      this.current = new Map();
      this.currentVersion = version;
    }
    let node = this.current.get(path);
    if (!node) {
      node = { id: this.nextId++, path, version, lookups: 0 };
      this.current.set(path, node);
      this.byId.set(node.id, node);
    }
    node.lookups++;
    return node;
  }

  /** The kernel forgot `count` lookups of node `id`. */
  forget(id: number, count: number): void {
    const node = this.byId.get(id);
    if (!node || id === ROOT_ID) return;
    node.lookups -= count;
    if (node.lookups > 0) return;
    this.byId.delete(id);
    if (this.current.get(node.path) === node) this.current.delete(node.path);
  }

  /** The ids the kernel holds for each of `paths`, of any version (one scan: used only after a change). */
  idsAt(paths: ReadonlySet<string>): Map<string, number[]> {
    const found = new Map<string, number[]>();
    for (const node of this.byId.values()) {
      if (!paths.has(node.path)) continue;
      const ids = found.get(node.path);
      if (ids) ids.push(node.id);
      else found.set(node.path, [node.id]);
    }
    return found;
  }

  /** How many nodes the kernel holds (the root included). */
  get size(): number {
    return this.byId.size;
  }
}
