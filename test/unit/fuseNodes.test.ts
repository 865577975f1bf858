/**
 * The node ids of the direct FUSE mount (electron/sim/fuseNodes.ts): one per
 * path per model version, so nothing the kernel cached for a node is reached
 * after a change; dropped once the kernel forgot every lookup; the root lives on.
 */
import { describe, expect, it } from 'vitest';
import { inodeNumber, NodeTable, ROOT_ID } from '../../electron/sim/fuseNodes';

describe('node ids of the direct mount', () => {
  it('a path keeps its node within a version and gets a new one after a change', () => {
    const t = new NodeTable();
    const a = t.lookUp('bus/ap/apmask', 0);
    expect(t.lookUp('bus/ap/apmask', 0)).toBe(a);
    expect(a.lookups).toBe(2);
    const b = t.lookUp('bus/ap/apmask', 1);
    expect(b.id).not.toBe(a.id);
    expect(t.get(a.id)).toBe(a); // the kernel still holds the old one
    expect(
      t
        .idsAt(new Set(['bus/ap/apmask']))
        .get('bus/ap/apmask')
        ?.sort()
    ).toEqual([a.id, b.id].sort());
  });

  it('a node is dropped when the kernel forgot all its lookups, never the root', () => {
    const t = new NodeTable();
    const n = t.lookUp('devices/ap', 3);
    t.lookUp('devices/ap', 3);
    t.forget(n.id, 1);
    expect(t.get(n.id)).toBe(n);
    t.forget(n.id, 1);
    expect(t.get(n.id)).toBeUndefined();
    expect(t.lookUp('devices/ap', 3).id).not.toBe(n.id); // ids are never reused
    t.forget(ROOT_ID, 1000);
    expect(t.get(ROOT_ID)?.path).toBe('');
    expect(t.size).toBe(2);
  });

  it('inode numbers are stable per path, distinct, and never the root number', () => {
    const paths = Array.from({ length: 5000 }, (_, i) => `devices/ap/card${(i >> 8).toString(16).padStart(2, '0')}/${i}`);
    const numbers = paths.map(inodeNumber);
    expect(new Set(numbers).size).toBe(paths.length);
    expect(numbers.every((n) => Number.isSafeInteger(n) && n > ROOT_ID)).toBe(true);
    expect(inodeNumber('bus/ap/apmask')).toBe(inodeNumber('bus/ap/apmask'));
    expect(inodeNumber('')).toBe(ROOT_ID);
  });
});
