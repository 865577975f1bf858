/** Plans on the `demo` scenario shared by the engine tests, and the shells the exported script runs under. */
import { existsSync } from 'node:fs';
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

/** bash always; dash too where Debian has it installed */
export const SHELLS = ['bash', ...(existsSync('/usr/bin/dash') || existsSync('/bin/dash') ? ['dash'] : [])];

/** an mdev the demo host does not have */
export const U4 = '4a3c1e5f-0b7d-4e2a-9c61-7d2f0e8b1a34';

/** A new mdev on freed domain 0x05 of adapter 00: depends on adapter 00, domain 0005 and U4 only. */
export const PLAN_NEW: Plan = {
  title: 'new mdev on 00.0005',
  operations: [
    { kind: 'aqmask', set: [], clear: [0x05] },
    { kind: 'create-mdev', uuid: U4 },
    { kind: 'assign-adapter', uuid: U4, id: 0x00 },
    { kind: 'assign-domain', uuid: U4, id: 0x05 },
    { kind: 'assign-control-domain', uuid: U4, id: 0x05 }
  ]
};

/** Another plan, independent of PLAN_NEW: frees domain 0x06. */
export const PLAN_OTHER: Plan = { title: 'free domain 0x06', operations: [{ kind: 'aqmask', set: [], clear: [0x06] }] };
