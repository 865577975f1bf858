/**
 * Builds the kernel model a mount serves: a scenario by name, in an era.
 * Kept apart from the mount code so the mount can be exercised with any Sysfs,
 * and loaded lazily so `sim event` never loads the model.
 */
import type { Era, KernelEvent, KernelState, Sysfs } from '../../shared/kernel/types';
import { SimError } from './simError';

export interface SimKernel extends Sysfs {
  event(e: KernelEvent): void;
  /** the model's state (the reboot event replaces its contents) */
  readonly state?: KernelState;
  /** the scenario's files below the root (`etc/...`), to seed a new --etc directory */
  readonly etcFiles?: Record<string, string>;
}

export type KernelFactory = (scenario: string, era: Era | undefined) => Promise<SimKernel>;

export class UnknownScenario extends SimError {
  override name = 'UnknownScenario';
}

export const scenarioKernel: KernelFactory = async (scenario, era) => {
  const { buildScenario, createKernel, isScenarioName, SCENARIO_NAMES } = await import('../../shared/kernel');
  if (!isScenarioName(scenario)) {
    throw new UnknownScenario(`unknown scenario ${JSON.stringify(scenario)}: use one of ${SCENARIO_NAMES.join(', ')}`);
  }
  const { etcFilesFor } = await import('../../shared/host/etcFiles');
  const sc = buildScenario(scenario, era);
  return Object.assign(createKernel(sc.state), { etcFiles: etcFilesFor(sc) });
};
