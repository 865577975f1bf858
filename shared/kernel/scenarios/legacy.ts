/**
 * `legacy` (issue 2 item 4): an E1 (5.15) host, the documentation's LPAR example
 * (adapters 04 CEX7C and 0a CEX7P, hwtype 13) with usage = control domains
 * 0x00-0x07 and 0x47. Max ids 255/84.
 *
 * History it encodes: aqmask was `-6,-0x47`; Legacy2 got 0a.0006; then
 * `echo +6 > aqmask` handed domain 6 back to the host, which E1 allows (§2.1 step 4).
 * Final aqmask = all ones minus 0047; apmask all ones.
 *
 * LegacyGuest1 8d4e3a52-5f7e-4c1b-9a0e-2b7c1d6e4f01 RUNNING: adapters 04,0a x domain 0047.
 * LegacyGuest2 b3f1c0de-2a4b-4c6d-8e9f-0a1b2c3d4e5f stopped: adapter 0a x domain 0006.
 * Control domains equal usage domains.
 *
 * PLANTED PROBLEM (exactly one; see README.md):
 *  L1 host-owned queue in an mdev: 0a.0006 is assigned to LegacyGuest2 but reserved for
 *     the host (aqmask bit 06 set again), so it is bound to cex4queue.
 */
import type { Era } from '../types';
import { ScenarioData, card, finishState, hostState, mdev, mdevctlFor, range } from './build';
import { parseRelativeMask } from '../../ap';

export const LEGACY_UUIDS = {
  LegacyGuest1: '8d4e3a52-5f7e-4c1b-9a0e-2b7c1d6e4f01',
  LegacyGuest2: 'b3f1c0de-2a4b-4c6d-8e9f-0a1b2c3d4e5f'
} as const;

export function legacyScenario(era: Era = 'E1'): ScenarioData {
  const state = hostState({
    era: 'E1',
    maxAdapter: 255,
    maxDomain: 84,
    cards: [card(0x04, 13, 'cca', { serialnr: '93AACA01' }), card(0x0a, 13, 'ep11', { serialnr: '93AACE02' })],
    usageDomains: [...range(0x00, 0x07), 0x47]
  });
  state.aqmask = parseRelativeMask('-0x47', state.aqmask, 'aqmask');
  state.mdevs = [mdev(LEGACY_UUIDS.LegacyGuest1, [0x04, 0x0a], [0x47], [0x47], true), mdev(LEGACY_UUIDS.LegacyGuest2, [0x0a], [0x06])];
  finishState(state, era);
  return {
    name: 'legacy',
    description:
      'A 5.15 host (static vfio_ap): LegacyGuest1 runs on 04.0047 and 0a.0047; LegacyGuest2 still holds 0a.0006, which a mask change gave back to the host.',
    state,
    guests: [
      { name: 'LegacyGuest1', mdev: LEGACY_UUIDS.LegacyGuest1, running: true },
      { name: 'LegacyGuest2', mdev: LEGACY_UUIDS.LegacyGuest2, running: false }
    ],
    mdevctl: state.mdevs.map((m) => mdevctlFor(m))
  };
}
