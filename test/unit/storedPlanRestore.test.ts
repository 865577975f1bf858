/**
 * A plan kept in localStorage is read back through the shared plan validator:
 * a malformed one is dropped from storage with a sentence and never loaded;
 * a well-formed one comes back. The real store and planStorage, over a small
 * in-memory Storage (Node has no localStorage).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_UUIDS } from '../../shared/kernel';
import type { ConnectTarget } from '../../shared/api/contract';
import { loadPlan } from '../../renderer/src/store/planStorage';
import { createAppStore } from '../../renderer/src/store/store';
import { scenarioHost } from './rendererFixtures';

const target: ConnectTarget = { kind: 'demo', scenario: 'demo' };
const KEY = 'apmatrix.plan:demo:demo';
const items = new Map<string, string>();
const memoryStorage = {
  getItem: (k: string) => items.get(k) ?? null,
  setItem: (k: string, v: string) => void items.set(k, String(v)),
  removeItem: (k: string) => void items.delete(k),
  clear: () => items.clear(),
  key: (i: number) => [...items.keys()][i] ?? null,
  get length() {
    return items.size;
  }
};

beforeEach(() => {
  items.clear();
  (globalThis as { localStorage?: unknown }).localStorage = memoryStorage;
});
afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

/** what a reconnect does: read the host, then restore the plan kept for it */
function restore(stored: unknown) {
  items.set(KEY, JSON.stringify(stored));
  const store = createAppStore();
  store.getState().setHost(scenarioHost('demo'), []);
  store.getState().restoreStoredPlan(loadPlan(target));
  return store.getState();
}

const goodOp = { kind: 'assign-domain', uuid: DEMO_UUIDS.Guest2, id: 0x0a };

describe('a plan restored from localStorage', () => {
  it('with a malformed operation is dropped with a sentence, not loaded, and removed from storage', () => {
    const s = restore({ title: 'kept', operations: [goodOp, { kind: 'assign-domain', uuid: DEMO_UUIDS.Guest2, id: 'zz' }], names: {} });
    expect(s.composed?.operations ?? []).toEqual([]);
    expect(s.planFileMessage).toMatch(/^The plan kept for this host was malformed and has been dropped, not loaded: .*stored plan/);
    expect(items.has(KEY)).toBe(false);
  });

  it('with well-formed operations but a malformed title or names is dropped too', () => {
    for (const bad of [
      { title: 42, operations: [goodOp], names: {} },
      { title: 'kept', operations: [goodOp], names: { [DEMO_UUIDS.Guest2]: 7 } },
      { title: 'kept', operations: [goodOp], extra: true }
    ]) {
      const s = restore(bad);
      expect(s.composed?.operations ?? [], JSON.stringify(bad)).toEqual([]);
      expect(s.planFileMessage, JSON.stringify(bad)).toMatch(/malformed and has been dropped/);
    }
  });

  it('that is well formed comes back with its names', () => {
    const s = restore({ title: 'kept', operations: [goodOp], fingerprint: null, names: { [DEMO_UUIDS.Guest2]: 'db' } });
    expect(s.composed?.operations).toEqual([goodOp]);
    expect(s.mdevNames[DEMO_UUIDS.Guest2]).toBe('db');
    expect(s.planFileMessage).toBe('The plan kept for this host is back.');
  });
});
