/**
 * Scenarios as data, selectable by name (issue 2 item 4).
 */
import type { Era } from '../types';
import type { ScenarioData } from './build';
import { defaultScenario } from './default';
import { demoScenario } from './demo';
import { fullScenario } from './full';
import { legacyScenario } from './legacy';
import { fullMask, maskEquals } from '../../ap';
import { writeUdevRule } from '../../persist/udevRule';

export type ScenarioName = 'default' | 'demo' | 'legacy' | 'full';

export const SCENARIOS: Record<ScenarioName, (era?: Era) => ScenarioData> = {
  default: defaultScenario,
  demo: demoScenario,
  legacy: legacyScenario,
  full: fullScenario
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: unknown): name is ScenarioName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SCENARIOS, name);
}

/** A fresh scenario (new state each call). Unknown names throw, naming the known ones. */
export function buildScenario(name: string, era?: Era): ScenarioData {
  if (!isScenarioName(name)) {
    throw new Error(`unknown scenario ${JSON.stringify(name)}; known scenarios: ${SCENARIO_NAMES.join(', ')}`);
  }
  if (era !== undefined && era !== 'E1' && era !== 'E3') throw new Error(`unknown era ${JSON.stringify(era)}; use E1 or E3`);
  const sc = SCENARIOS[name](era);
  sc.persistFiles ??= persistFilesOfActive(sc);
  return sc;
}

/** The persistent files of a host whose active masks were made persistent with chzdev (no planted difference). */
export function persistFilesOfActive(sc: ScenarioData): Record<string, string> {
  const full = fullMask();
  const rule = writeUdevRule(
    maskEquals(sc.state.apmask, full) ? null : sc.state.apmask,
    maskEquals(sc.state.aqmask, full) ? null : sc.state.aqmask
  );
  return rule === null ? {} : { 'etc/udev/rules.d/41-ap.rules': rule };
}

export * from './build';
export { DEMO_UUIDS } from './demo';
export { LEGACY_UUIDS } from './legacy';
export { FULL_MDEVS, fullUuid } from './full';
