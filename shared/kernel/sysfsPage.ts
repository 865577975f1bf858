/**
 * One sysfs store is at most one page. kernfs copies at most PAGE_SIZE bytes
 * of a write(2) into the attribute's buffer and calls `store` once with them;
 * the write returns that count, and a writer that loops on short writes
 * (stdio, bash, dd) sends the rest as a NEW store, parsed on its own (§8:
 * "a successful store consumes the whole buffer" holds per store). So a
 * relative mask payload of 4,097 bytes becomes a relative store followed by
 * an absolute one (`0\n` = all zero, §1.2): the model must see both.
 *
 * Pure: no Node APIs (the renderer validates too), bytes via TextEncoder.
 */
import { byteLength } from './busWrites';
import type { Sysfs } from './types';

/** PAGE_SIZE on s390x: the most bytes one store receives. */
export const SYSFS_PAGE = 4096;

/**
 * True when `payload` plus the newline the script adds is shorter than one
 * page, so every writer (stdio flushes at 4,096 bytes, kernfs cuts at one
 * page) delivers it as ONE store. Generators must write only such payloads.
 */
export function fitsOneStore(payload: string): boolean {
  return byteLength(payload) + 1 < SYSFS_PAGE;
}

const encoder = new TextEncoder();
// not fatal: a character cut in two becomes U+FFFD, which no grammar accepts, as in the kernel
const decoder = new TextDecoder('utf-8', { fatal: false });

/** What one write(2) of `data` stores: its first page, and the bytes left for the next write. */
export function firstStore(data: string): { store: string; bytes: number; rest: string } {
  if (data.length < SYSFS_PAGE / 4 || byteLength(data) <= SYSFS_PAGE) return { store: data, bytes: byteLength(data), rest: '' };
  const raw = encoder.encode(data);
  return { store: decoder.decode(raw.subarray(0, SYSFS_PAGE)), bytes: SYSFS_PAGE, rest: decoder.decode(raw.subarray(SYSFS_PAGE)) };
}

/** The stores a writer that loops on short writes makes of `data`, in order (none for ''). */
export function pageStores(data: string): string[] {
  const stores: string[] = [];
  let rest = data;
  while (rest.length > 0) {
    const cut = firstStore(rest);
    stores.push(cut.store);
    rest = cut.rest;
  }
  return stores;
}

/**
 * Writes all of `data` the way `printf ... > file` does: one write(2) after
 * another until every byte is taken, each one a store of at most one page.
 * A refused store throws (KernelError) and the stores before it stay done.
 */
export function writeAll(sysfs: Sysfs, path: string, data: string): number {
  let rest = data;
  let total = 0;
  while (rest.length > 0) {
    const cut = firstStore(rest);
    total += sysfs.write(path, cut.store);
    rest = cut.rest;
  }
  return total;
}
