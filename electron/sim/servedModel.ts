/**
 * The kernel model as a mount serves it: every answer (stat, list, read,
 * errors included) is remembered until the model changes, so the many
 * lookups, stats and opens of one path cost one resolution and one rendering
 * per model version. The model changes only through write() and event() here:
 * each starts a new version (every write, even a refused one, since the
 * caller cannot tell a partial effect from none) and forgets everything.
 *
 * `settle()` resolves once the kernel's own caches (FUSE entry and attribute
 * caching, see fuseNotify.ts) forgot what they learnt before the last change;
 * the mount answers a write, and the control channel an event, only then, so
 * the next command sees the new tree.
 */
import type { KernelEvent, Sysfs, SysfsStat } from '../../shared/kernel/types';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface ServedModel {
  stat(path: string): SysfsStat;
  /** whether `path` exists now (a remembered stat) */
  exists(path: string): boolean;
  list(path: string): string[];
  read(path: string): string;
  write(path: string, data: string): number;
  event(e: KernelEvent): void;
  /** runs a change made outside write/event (a reboot) and drops every remembered answer */
  mutate(change: () => void): void;
  /** bumped by every write and event */
  readonly version: number;
  /** what makes the kernel forget its cached entries (set by the mount) */
  setInvalidator(invalidate: () => Promise<void>): void;
  /** resolves once the kernel forgot every entry older than the current version */
  settle(): Promise<void>;
}

export interface EventfulSysfs extends Sysfs {
  event(e: KernelEvent): void;
}

function memo<T>(cache: Map<string, Outcome<T>>, path: string, compute: () => T): T {
  let hit = cache.get(path);
  if (!hit) {
    try {
      hit = { ok: true, value: compute() };
    } catch (error) {
      hit = { ok: false, error };
    }
    cache.set(path, hit);
  }
  if (hit.ok) return hit.value;
  throw hit.error;
}

export function serveModel(kernel: EventfulSysfs): ServedModel {
  const stats = new Map<string, Outcome<SysfsStat>>();
  const lists = new Map<string, Outcome<string[]>>();
  const pages = new Map<string, Outcome<string>>();
  let version = 0;
  let invalidate: () => Promise<void> = async () => {};

  const changed = (): void => {
    version++;
    stats.clear();
    lists.clear();
    pages.clear();
  };

  const stat = (path: string): SysfsStat => memo(stats, path, () => (path === '' ? { kind: 'dir', mode: 0o755 } : kernel.stat(path)));
  return {
    get version() {
      return version;
    },
    stat,
    exists(path) {
      try {
        stat(path);
        return true;
      } catch {
        return false;
      }
    },
    // a copy: fuse-native may keep the array it is given
    list: (path) => memo(lists, path, () => kernel.list(path)).slice(),
    read: (path) => memo(pages, path, () => kernel.read(path)),
    write(path, data) {
      try {
        return kernel.write(path, data);
      } finally {
        changed();
      }
    },
    event(e) {
      try {
        kernel.event(e);
      } finally {
        changed();
      }
    },
    mutate(change) {
      try {
        change();
      } finally {
        changed();
      }
    },
    setInvalidator(fn) {
      invalidate = fn;
    },
    settle: () => invalidate()
  };
}
