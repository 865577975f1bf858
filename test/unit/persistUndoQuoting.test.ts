/**
 * The persistent undo data is the host's definition as read, echoed back into
 * the plan script: a single quote, `$(...)`, backquotes or a newline in it (a
 * hostile or hand-edited definition) stays one sh word that dash and bash pass
 * on byte for byte, and the script is still made (a refusal would let a host
 * block every plan that touches its definition).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportShellScript } from '../../shared/export/shellScript';
import type { HostState } from '../../shared/host/hostState';
import { snapshotKernel } from '../../shared/host/snapshot';
import { buildScenario, createKernel } from '../../shared/kernel';
import { mdevctlJson } from '../../shared/persist/mdevctlFile';
import type { Plan } from '../../shared/plan/operations';
import { validatePlan } from '../../shared/plan/validate';

const DEFINED = '00000000-0000-4000-8000-0000000000d1';
const HOSTILE: Array<[string, string]> = [['assign_adapter', "0x01'; touch /tmp/apmx-pwned; echo '$(id)`id`\nx"]];

function host(): HostState {
  const sc = buildScenario('default');
  const h = snapshotKernel(createKernel(sc.state), sc, 'demo:default');
  const def = { uuid: DEFINED, start: 'manual' as const, attrs: HOSTILE, file: `/etc/mdevctl.d/matrix/${DEFINED}` };
  return {
    ...h,
    mdevctl: [def],
    persist: { udevRule: null, bootParams: null, configuredParams: null, definitions: [def], readable: { udevRule: true, mdevctl: true } }
  };
}

const PLAN: Plan = {
  title: 'redefine a defined mdev',
  operations: [
    { kind: 'apmask', set: [], clear: [2] },
    { kind: 'aqmask', set: [], clear: [7] },
    { kind: 'create-mdev', uuid: DEFINED },
    { kind: 'assign-adapter', uuid: DEFINED, id: 2 },
    { kind: 'assign-domain', uuid: DEFINED, id: 7 }
  ]
};

describe('persistent undo data read from the host', () => {
  it.each(['dash', 'bash'])('is one word that %s passes on unchanged', (shell) => {
    const h = host();
    const script = exportShellScript(h, PLAN, { machine: true, expectedAfter: validatePlan(h, PLAN).after });
    // the undo function of the modify: from its first line to the next function (the JSON spans lines)
    const start = script.search(/^ap_pundo_\d+\(\) \{ ap_pdef modify /m);
    expect(start).toBeGreaterThan(0);
    const end = script.slice(start).search(/\nap_(pundo_\d+|persist_already)\(\) \{/);
    const undo = script.slice(start, start + end);
    const name = undo.slice(0, undo.indexOf('('));
    // the undo of a modify writes the definition as read: its JSON is the third argument
    const out = execFileSync(shell, ['-c', `ap_pdef() { printf '%s' "$3"; }\n${undo}\n${name}`], { encoding: 'utf8' });
    expect(out).toBe(mdevctlJson('manual', HOSTILE));
  });
});
