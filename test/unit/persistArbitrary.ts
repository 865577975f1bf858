/**
 * fast-check arbitrary of persistent configurations (shared/persist): a udev
 * rule and next-boot kernel parameters that may each hold either mask, and up
 * to five mdevctl definitions (start auto or manual, attrs in random order and
 * number form) on uuids that partly meet hostArbitrary's mdevs.
 */
import fc from 'fast-check';
import { hex2, maskFromIds, maskToHex } from '../../shared/ap';
import type { PersistentState } from '../../shared/persist';
import { IDS } from './hostArbitrary';

const maskArb = fc.option(
  fc.subarray(IDS).map((ids) => maskToHex(maskFromIds(ids))),
  { nil: null }
);
const attrArb = fc
  .tuple(
    fc.constantFrom('assign_adapter', 'assign_domain', 'assign_control_domain'),
    fc.constantFrom(...IDS),
    fc.constantFrom('hex', 'dec')
  )
  .map(([k, id, form]): [string, string] => [k, form === 'hex' ? '0x' + hex2(id) : String(id)]);
const uuidArb = fc.integer({ min: 0, max: 15 }).map((i) => `00000000-0000-4000-8000-0000000000${hex2(i)}`);
const defsArb = fc
  .uniqueArray(
    fc.record({
      uuid: uuidArb,
      start: fc.constantFrom('auto' as const, 'auto' as const, 'manual' as const),
      attrs: fc.array(attrArb, { maxLength: 6 })
    }),
    { selector: (d) => d.uuid, maxLength: 5 }
  )
  .map((ds) => ds.sort((a, b) => (a.uuid < b.uuid ? -1 : 1)).map((d) => ({ ...d, file: `/etc/mdevctl.d/matrix/${d.uuid}` })));

export const persistArb: fc.Arbitrary<PersistentState> = fc
  .record({
    rule: fc.option(fc.record({ apmask: maskArb, aqmask: maskArb }), { nil: null }),
    params: fc.option(fc.record({ apmask: maskArb, aqmask: maskArb }), { nil: null }),
    definitions: defsArb
  })
  .map(({ rule, params, definitions }) => ({
    udevRule: rule && { ...rule, file: '/etc/udev/rules.d/41-ap.rules' },
    bootParams: null,
    configuredParams: params && { ...params, file: '/etc/kernel/cmdline' },
    definitions,
    readable: { udevRule: true, mdevctl: true }
  }));
