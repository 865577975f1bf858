/**
 * Issue 9.2 in the store: a click that changes exactly its one queue goes into
 * the plan at once; one that drags more in, takes from the host or another
 * owner, or touches a running guest shows its preview and waits.
 */
import { describe, expect, it } from 'vitest';
import { cellIndex } from '../../shared/ap';
import { DEMO_UUIDS } from '../../shared/kernel';
import { createAppStore } from '../../renderer/src/store/store';
import { makeHost, UUID1 } from './planFixtures';
import { scenarioHost } from './rendererFixtures';

describe('a click and its confirmation', () => {
  it('a click that changes only its queue is added at once', () => {
    const store = createAppStore();
    store
      .getState()
      .setHost(makeHost({ apmask: [], aqmask: [], adapters: [1], domains: [1, 2], mdevs: [{ uuid: UUID1, apm: [1], aqm: [1] }] }), []);
    store.getState().setTarget({ kind: 'mdev', uuid: UUID1 });
    store.getState().toggleCell(cellIndex(1, 2));
    expect(store.getState().pendingClick).toBeNull();
    expect(store.getState().composed!.operations).toContainEqual({ kind: 'assign-domain', uuid: UUID1, id: 2 });
  });

  it('a click on a running guest’s mdev waits and says the guest will see queues appear', () => {
    const store = createAppStore();
    store.getState().setHost(scenarioHost('demo'), []);
    store.getState().setTarget({ kind: 'mdev', uuid: DEMO_UUIDS.Guest1 });
    store.getState().toggleCell(cellIndex(0x05, 0x02));
    const reasons = store.getState().pendingClick!.reasons.join(' ');
    expect(reasons).toMatch(/cartesian product brings in 1 more queue/);
    expect(reasons).toMatch(/Guest Guest1 is running: it will see 2 queues appear while it runs/);
    expect(store.getState().composed!.operations).toEqual([]);
    store.getState().commitSelection();
    expect(store.getState().composed!.operations).toContainEqual({ kind: 'assign-domain', uuid: DEMO_UUIDS.Guest1, id: 0x02 });
  });
});
