/** The plan the persistence tests apply to the `default` scenario, actively and for the next boot. */
import type { Plan } from '../../shared/plan/operations';

export const UUID = '7e57a11c-0000-4000-8000-000000000010';

/** frees domains 4-7 from the host and gives them, on adapters 00-01, to a new mdev */
export const PLAN: Plan = {
  title: 'free domains 4-7 for mdev 7e57a11c on adapters 00-01',
  operations: [
    { kind: 'aqmask', set: [], clear: [4, 5, 6, 7] },
    { kind: 'create-mdev', uuid: UUID },
    { kind: 'assign-adapter', uuid: UUID, id: 0 },
    { kind: 'assign-adapter', uuid: UUID, id: 1 },
    ...[4, 5, 6, 7].flatMap((d) => [
      { kind: 'assign-domain' as const, uuid: UUID, id: d },
      { kind: 'assign-control-domain' as const, uuid: UUID, id: d }
    ])
  ]
};
