/** Plans on the `demo` scenario shared by the engine tests. */
import type { Plan } from '../../shared/plan/operations';

export const NEW = 'a1b2c3d4-0000-4000-8000-000000000001';

/** six steps the demo host accepts: a new mdev on the freed queues 00/02 x 0004/00ab */
export const GOOD_PLAN: Plan = {
  title: 'new mdev on free queues',
  operations: [
    { kind: 'create-mdev', uuid: NEW },
    { kind: 'assign-adapter', uuid: NEW, id: 0x00 },
    { kind: 'assign-domain', uuid: NEW, id: 0x04 },
    { kind: 'assign-control-domain', uuid: NEW, id: 0x04 },
    { kind: 'assign-domain', uuid: NEW, id: 0xab },
    { kind: 'assign-adapter', uuid: NEW, id: 0x02 }
  ]
};
