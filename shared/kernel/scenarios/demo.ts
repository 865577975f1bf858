/**
 * `demo` (issue 2 item 4, reference §11): the kernel documentation's three-guest
 * example plus realistic extras. E3, max ids 255/255.
 *
 * LPAR: cards 00 CEX8C (hwtype 14), 01 CEX7P EP11 (hwtype 13), 02 CEX6C
 * (hwtype 12, DECONFIGURED: config=0), 05 CEX5C and 06 CEX5A (hwtype 11);
 * usage = control domains 0x00-0x0f, 0x47, 0xab, 0xff.
 * Masks: apmask = all ones minus 05, 06, 3f; aqmask = all ones minus 0004, 0047, 00ab, 00ff.
 *
 * Guest1 62177883-f1bb-47f0-914d-32a22e3a8804 RUNNING: adapters 05,06 x domains 0004,00ab (doc).
 * Guest2 cef03c3c-903d-4ecc-9a83-40694cb8aee4 stopped: adapters 01,05 x domains 000e,0047,00ff.
 * Guest3 0fe903a0-a323-44db-9daf-134c68627d61 stopped: adapters 06,3f x domains 0047,00ff.
 * Each mdev's control domains equal its usage domains.
 *
 * PLANTED PROBLEMS (exactly these; see README.md):
 *  P1 host-owned queue in an mdev: 01.000e is assigned to Guest2 but reserved for the
 *     host (apmask bit 01 and aqmask bit 0e are set), so it is bound to cex4queue.
 *  P2 adapter filtered out of a guest: because of P1, adapter 01 is dropped from
 *     Guest2's guest_matrix (01.0047 and 01.00ff are bound to vfio_ap but lost with it).
 *  P3 over-provisioned adapter: 3f is assigned to Guest3 but is not in the LPAR
 *     (ap_adapter_mask), so guest_matrix of Guest3 lacks it.
 *  P4 idle freed queues (vfio_ap, `unassigned`, 39): 00/02 x {0004,0047,00ab,00ff},
 *     01.0004, 01.00ab, 05.0000-0003, 05.0005-000d, 05.000f, 06.0000-0003, 06.0005-000f.
 * Not problems: card 02 is deconfigured (host-owned, unassigned), Guest1 runs.
 *
 * PLANTED PERSISTENT PROBLEM (the next boot, shared/persist/nextBoot.ts):
 *  Q1 stale udev rule: 41-ap.rules was written before adapter 06 and domain 00ab were
 *     freed (apmask frees only 05 and 3f, aqmask only 0004, 0047, 00ff), so after a
 *     reboot the host takes 06.00ab and Guest1's definition fails to start
 *     (assign_domain 0x00ab: EADDRNOTAVAIL); Guest1 loses its four queues.
 *  (P1 also shows at the next boot: Guest2's definition is refused at 01.000e.)
 */
import type { Era } from '../types';
import { ScenarioData, card, finishState, hostState, mdev, mdevctlFor, range } from './build';
import { fullMask, parseRelativeMask } from '../../ap';
import { writeUdevRule } from '../../persist/udevRule';

export const DEMO_UUIDS = {
  Guest1: '62177883-f1bb-47f0-914d-32a22e3a8804',
  Guest2: 'cef03c3c-903d-4ecc-9a83-40694cb8aee4',
  Guest3: '0fe903a0-a323-44db-9daf-134c68627d61'
} as const;

export function demoScenario(era: Era = 'E3'): ScenarioData {
  const domains = [...range(0x00, 0x0f), 0x47, 0xab, 0xff];
  const state = hostState({
    era: 'E3',
    maxAdapter: 255,
    maxDomain: 255,
    cards: [
      card(0x00, 14, 'cca', { serialnr: '93AADK41' }),
      card(0x01, 13, 'ep11', { serialnr: '93AADP17' }),
      card(0x02, 12, 'cca', { config: false, serialnr: '93AAF211' }),
      card(0x05, 11, 'cca', { serialnr: '93AAB372' }),
      card(0x06, 11, 'accel')
    ],
    usageDomains: domains
  });
  state.apmask = parseRelativeMask('-5,-6,-0x3f', state.apmask, 'apmask');
  state.aqmask = parseRelativeMask('-4,-0x47,-0xab,-0xff', state.aqmask, 'aqmask');
  state.mdevs = [
    mdev(DEMO_UUIDS.Guest1, [0x05, 0x06], [0x04, 0xab], [0x04, 0xab], true),
    mdev(DEMO_UUIDS.Guest2, [0x01, 0x05], [0x0e, 0x47, 0xff]),
    mdev(DEMO_UUIDS.Guest3, [0x06, 0x3f], [0x47, 0xff])
  ];
  finishState(state, era);
  return {
    name: 'demo',
    description:
      'The kernel documentation three-guest example (cards 05 CEX5C and 06 CEX5A, domains 0004, 0047, 00ab, 00ff) plus a CEX8C, a CEX7P, a deconfigured card, an over-provisioned adapter and a host-owned queue; Guest1 runs.',
    state,
    guests: [
      { name: 'Guest1', mdev: DEMO_UUIDS.Guest1, running: true },
      { name: 'Guest2', mdev: DEMO_UUIDS.Guest2, running: false },
      { name: 'Guest3', mdev: DEMO_UUIDS.Guest3, running: false }
    ],
    mdevctl: state.mdevs.map((m) => mdevctlFor(m)),
    persistFiles: {
      // Q1: the rule chzdev wrote before 06 and 00ab were freed
      'etc/udev/rules.d/41-ap.rules': writeUdevRule(
        parseRelativeMask('-5,-0x3f', fullMask(), 'apmask'),
        parseRelativeMask('-4,-0x47,-0xff', fullMask(), 'aqmask')
      )!
    }
  };
}
