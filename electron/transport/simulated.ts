/**
 * The simulated host: the kernel model in this process, by scenario name.
 * A read is dumpFromSysfs on the model (the same frames the shell dump prints);
 * an apply performs the plan's writes on the model with the semantics of the
 * machine-mode script (shared/export/shellScript.ts): lock, preflight against
 * the values the plan was made on, one write per step with the payload
 * `printf '%s\n'` would send, stop at the first refusal, and the same status
 * lines (`STEP n OK`, `STEP n FAIL <strerror>`, `DONE`).
 */
import { STRERROR, type Errno } from '../../shared/ap/errors';
import { maskToHex } from '../../shared/ap/mask';
import type { HostState } from '../../shared/host/hostState';
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import { etcFilesFor } from '../../shared/host/etcFiles';
import { parseDump } from '../../shared/host/parseDump';
import { buildScenario, createKernel, writeAll, type Kernel, type ScenarioData } from '../../shared/kernel';
import type { Era } from '../../shared/kernel/types';
import { opPath, opPayload, type Plan } from '../../shared/plan/operations';
import { hostProjection } from '../engine/landed';
import { isAlreadyApplied } from '../../shared/export/endState';
import type { HostLink, PlanRun, PlanRunOptions } from './types';
import { applyPersistInMemory, persistentPartLeft } from './simulatedPersist';

export interface SimulatedLink extends HostLink {
  readonly kernel: Kernel;
  readonly scenario: ScenarioData;
}

function strerror(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && code in STRERROR) return STRERROR[code as Errno];
  return 'Input/output error';
}

/** What the script's preflight compares (max ids, host masks, mdev list and matrices). */
function preflightKey(h: HostState): string {
  return `${h.maxAdapter}/${h.maxDomain}/${hostProjection(h)}`;
}

export function simulatedLink(scenarioName: string, era?: Era): SimulatedLink {
  const scenario = buildScenario(scenarioName, era);
  const kernel = createKernel(scenario.state);
  const source = `demo:${scenarioName}`;
  const dump = () => dumpFromSysfs(kernel, etcFilesFor(scenario));
  const tick = () => new Promise<void>((r) => setImmediate(r));
  return {
    label: `demo:${scenarioName}${era ? ` (${era})` : ''}`,
    source,
    kernel,
    scenario,
    async dump() {
      await tick(); // answer asynchronously, like every other link
      return dump();
    },
    async runPlan(host: HostState, plan: Plan, onLine: (line: string) => void, ro: PlanRunOptions = {}): Promise<PlanRun> {
      const persist = ro.persist ?? 'both'; // the in-memory files are always writable
      const lines: string[] = [];
      const say = (l: string) => {
        lines.push(l);
        onLine(l);
      };
      const finish = (exitCode: number): PlanRun => ({ lines, stderr: '', exitCode, lost: false });
      await tick();
      say('LOCK OK');
      const now = parseDump(dump(), source);
      if (isAlreadyApplied(now, plan)) {
        // as the script: already applied when every part the mode asks for is done;
        // persistent changes still to write are written (--persist both after active)
        if (persist === 'active' || !persistentPartLeft(now, plan)) {
          say('ALREADY');
          return finish(0);
        }
        say(`PERSIST MODE ${persist} /etc`);
        if (persist !== 'persistent') say('ACTIVE ALREADY');
        applyPersistInMemory(scenario, now, plan, say);
        say('DONE');
        return finish(0);
      }
      if (preflightKey(now) !== preflightKey(host)) {
        const differs: string[] = [];
        if (now.apmask !== host.apmask) differs.push('bus/ap/apmask');
        if (now.aqmask !== host.aqmask) differs.push('bus/ap/aqmask');
        if (differs.length === 0) differs.push('devices/vfio_ap/matrix');
        say(`PREFLIGHT FAIL ${differs.join(' ')}`);
        return finish(3);
      }
      say('PREFLIGHT OK');
      if (persist !== 'active') say(`PERSIST MODE ${persist} /etc`);
      for (let i = 0; persist !== 'persistent' && i < plan.operations.length; i++) {
        const op = plan.operations[i];
        try {
          writeAll(kernel, opPath(op), opPayload(op) + '\n'); // as printf does: page by page
        } catch (e) {
          say(`STEP ${i + 1} FAIL ${strerror(e)}`);
          return finish(1);
        }
        say(`STEP ${i + 1} OK`);
        await tick(); // progress reaches listeners step by step
      }
      if (persist !== 'active') applyPersistInMemory(scenario, host, plan, say);
      say('DONE');
      return finish(0);
    },
    async reconnect() {},
    async close() {}
  };
}

/** The masks of an mdev as the model holds them (tests compare with this). */
export function modelMdevMasks(k: Kernel, uuid: string): { apm: string; aqm: string; adm: string } | null {
  const m = k.state.mdevs.find((x) => x.uuid === uuid);
  return m ? { apm: maskToHex(m.apm), aqm: maskToHex(m.aqm), adm: maskToHex(m.adm) } : null;
}
