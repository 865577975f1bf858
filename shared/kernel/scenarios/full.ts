/**
 * `full` (issue 2 item 4): for performance work. E3, max ids 255/255, all 256
 * adapters (CEX8, modes rotating CCA/accelerator/EP11) x all 256 domains
 * configured = 65,536 queues. apmask frees adapters 0x80-0xff; aqmask all ones.
 * 64 mdevs: mdev i has adapters 0x80+2i, 0x81+2i and domains 4i..4i+3 (control
 * domains the same); mdevs 0-15 have running guests. No overlaps, no planted problems.
 */
import type { Era } from '../types';
import { ScenarioData, card, finishState, hostState, mdev, mdevctlFor, range } from './build';
import { parseRelativeMask } from '../../ap';

export const FULL_MDEVS = 64;

export function fullUuid(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

export function fullScenario(era: Era = 'E3'): ScenarioData {
  const modes = ['cca', 'accel', 'ep11'] as const;
  const state = hostState({
    era: 'E3',
    maxAdapter: 255,
    maxDomain: 255,
    cards: range(0, 255).map((a) => card(a, 14, modes[a % 3])),
    usageDomains: range(0, 255)
  });
  state.apmask = parseRelativeMask('-0x80-0xff', state.apmask, 'apmask');
  for (let i = 0; i < FULL_MDEVS; i++) {
    const ds = range(4 * i, 4 * i + 3);
    state.mdevs.push(mdev(fullUuid(i), [0x80 + 2 * i, 0x81 + 2 * i], ds, ds, i < 16));
  }
  finishState(state, era);
  return {
    name: 'full',
    description: 'Every adapter and domain configured (65,536 queues), adapters 0x80-0xff freed, 64 mdevs, 16 running guests.',
    state,
    guests: state.mdevs.map((m, i) => ({ name: `guest${String(i).padStart(2, '0')}`, mdev: m.uuid, running: i < 16 })),
    mdevctl: state.mdevs.map((m) => mdevctlFor(m))
  };
}
