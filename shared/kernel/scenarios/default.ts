/**
 * `default` (issue 2 item 4): a fresh E3 host. Max ids 255/84; cards 00 CEX8C,
 * 01 CEX8A (hwtype 14), 02 CEX7P (hwtype 13), 03 CEX6C (hwtype 12), all
 * configured and online; usage and control domains 0x00-0x0f; masks all ones;
 * vfio_ap loaded; no mdevs, no guests. No planted problems.
 */
import type { Era } from '../types';
import { ScenarioData, card, finishState, hostState, range } from './build';

export function defaultScenario(era: Era = 'E3'): ScenarioData {
  const state = hostState({
    era: 'E3',
    maxAdapter: 255,
    maxDomain: 84,
    cards: [card(0x00, 14, 'cca'), card(0x01, 14, 'accel'), card(0x02, 13, 'ep11'), card(0x03, 12, 'cca')],
    usageDomains: range(0x00, 0x0f)
  });
  return {
    name: 'default',
    description: 'Fresh host: four cards (CEX8C, CEX8A, CEX7P, CEX6C), domains 0x00-0x0f, everything owned by the host, no mdevs.',
    state: finishState(state, era),
    guests: [],
    mdevctl: []
  };
}
