/**
 * Plans on the demo host (E3) that the apply and script trust tests both run,
 * and the shells the exported script is run under.
 */
import { existsSync } from 'node:fs';
import type { Plan } from '../../shared/plan/operations';

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
