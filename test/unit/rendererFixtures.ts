/** Host states for the renderer's unit tests: the real kernel model, snapshotted as the engine does. */
import type { HostState } from '../../shared/host/hostState';
import { snapshotKernel } from '../../shared/host/snapshot';
import { buildScenario, createKernel } from '../../shared/kernel';

export function scenarioHost(name: 'demo' | 'default' | 'legacy' | 'full'): HostState {
  const s = buildScenario(name);
  return snapshotKernel(createKernel(s.state), s, `demo:${name}`);
}
