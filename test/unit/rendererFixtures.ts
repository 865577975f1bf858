/** Host states for the renderer's unit tests: the real kernel model, dumped and parsed as the engine does. */
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import type { HostState } from '../../shared/host/hostState';
import { parseDump } from '../../shared/host/parseDump';
import { buildScenario, createKernel } from '../../shared/kernel';
import { scenarioEtcFiles } from '../../electron/transport/simulatedFiles';

export function scenarioHost(name: 'demo' | 'default' | 'legacy' | 'full'): HostState {
  const s = buildScenario(name);
  return parseDump(dumpFromSysfs(createKernel(s.state), scenarioEtcFiles(s)), `demo:${name}`);
}
