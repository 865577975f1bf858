/**
 * The persistent part of an apply on the in-process demo host: the same
 * changes the plan script makes (shared/export/persistPlan.ts), applied to the
 * scenario's files in memory, so the next read shows them and the next boot
 * (shared/persist/nextBoot.ts) brings them. Status lines as the script prints.
 */
import type { HostState } from '../../shared/host/hostState';
import { persistentChanges } from '../../shared/export/persistPlan';
import { pictureOfHost, predictAfter, touchedMdevs } from '../../shared/export/picture';
import { parseMdevctlJson } from '../../shared/host/parseExtras';
import { isBad } from '../../shared/host/parseValues';
import type { ScenarioData } from '../../shared/kernel';
import type { Plan } from '../../shared/plan/operations';

const RULE = 'etc/udev/rules.d/41-ap.rules';

/** Whether the persistent files still differ from what the plan leaves (the script's ap_persist_already). */
export function persistentPartLeft(host: HostState, plan: Plan): boolean {
  return persistentChanges(host, predictAfter(pictureOfHost(host), plan), touchedMdevs(plan)).length > 0;
}

export function applyPersistInMemory(scenario: ScenarioData, host: HostState, plan: Plan, say: (line: string) => void): void {
  const changes = persistentChanges(host, predictAfter(pictureOfHost(host), plan), touchedMdevs(plan));
  changes.forEach((c, i) => {
    const files = (scenario.persistFiles ??= {});
    if (c.kind === 'rule') {
      if (c.to.text === null) delete files[RULE];
      else files[RULE] = c.to.text;
    } else {
      scenario.mdevctl = scenario.mdevctl.filter((d) => d.uuid !== c.uuid);
      const def = c.json !== null ? parseMdevctlJson(c.json) : null;
      if (def && !isBad(def)) scenario.mdevctl.push({ uuid: c.uuid, start: def.start, attrs: def.attrs });
    }
    say(`PSTEP ${i + 1} OK files`);
  });
  say('PERSIST OK');
}
