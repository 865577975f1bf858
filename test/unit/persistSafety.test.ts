/**
 * The persistent part of a plan must not define one queue for two auto-start
 * mdevs: a definition the plan does not touch already holds 01.0005 (defined,
 * not running); the plan gives 01.0005 to a new mdev. Active validation
 * accepts it; the next boot would start one and the kernel refuse the other.
 */
import { describe, expect, it } from 'vitest';
import type { HostState } from '../../shared/host/hostState';
import { snapshotKernel } from '../../shared/host/snapshot';
import { buildScenario, createKernel } from '../../shared/kernel';
import type { Plan } from '../../shared/plan/operations';
import { exportGate } from '../../shared/plan/exportGate';
import { fleetHostPlans } from '../../electron/engine/fleet/fleetExport';
import { persistRefusal } from '../../shared/plan/persistSafety';
import { validateSafely } from '../../shared/plan/safety';

const DEFINED = '00000000-0000-4000-8000-0000000000d1';
const NEW = 'ffffffff-0000-4000-8000-0000000000e1';
const planFor = (domain: number): Plan => ({
  title: 'a new mdev',
  operations: [
    { kind: 'apmask', set: [], clear: [1] },
    { kind: 'aqmask', set: [], clear: [domain] },
    { kind: 'create-mdev', uuid: NEW },
    { kind: 'assign-adapter', uuid: NEW, id: 1 },
    { kind: 'assign-domain', uuid: NEW, id: domain }
  ]
});

function hostWithDefinition(): HostState {
  const sc = buildScenario('default');
  const h = snapshotKernel(createKernel(sc.state), sc, 'demo:default');
  const def = {
    uuid: DEFINED,
    start: 'auto' as const,
    attrs: [
      ['assign_adapter', '0x01'],
      ['assign_domain', '0x0005']
    ] as Array<[string, string]>,
    file: `/etc/mdevctl.d/matrix/${DEFINED}`
  };
  return {
    ...h,
    mdevctl: [def],
    persist: { udevRule: null, bootParams: null, configuredParams: null, definitions: [def], readable: { udevRule: true, mdevctl: true } }
  };
}

describe('persistent safety: one queue, one auto-start definition', () => {
  it('a plan that gives a defined queue to a new mdev is valid now but refused for the next boot', () => {
    const host = hostWithDefinition();
    const plan = planFor(5);
    expect(validateSafely(host, plan).firstFailure).toBe(-1);
    expect(persistRefusal(host, plan)).toMatch(
      new RegExp(`next boot: the mdev definition ${NEW} would be refused at assign_domain 0x0005 \\(EADDRINUSE`)
    );
    expect(exportGate(host, plan).refusal).toMatch(/the persistent part of this plan would break the next boot/);
  });

  it('the same plan on another domain passes; a host whose persistent state was not read is not judged', () => {
    const host = hostWithDefinition();
    expect(persistRefusal(host, planFor(6))).toBeNull();
    expect(exportGate(host, planFor(6)).refusal).toBeNull();
    expect(persistRefusal({ ...host, persist: undefined }, planFor(5))).toBeNull();
  });

  it('a fleet playbook is refused for the host whose next boot the plan would break', () => {
    const entry = (name: string, host: HostState) => ({ name, target: `demo:${name}`, host, findings: [], error: null });
    const host = hostWithDefinition();
    expect(() => fleetHostPlans({ plan: planFor(5), fingerprints: null }, [entry('kvm1', host)])).toThrow(
      /kvm1: the persistent part of this plan would break the next boot/
    );
    expect(fleetHostPlans({ plan: planFor(6), fingerprints: null }, [entry('kvm1', host)])).toHaveLength(1);
  });
});
