/** Random operations over a scenario's own ids and mdevs, shared by the export property tests. */
import fc from 'fast-check';
import { maskIds } from '../../shared/ap';
import { buildScenario } from '../../shared/kernel';
import type { Operation } from '../../shared/plan/operations';

/** an mdev no scenario has */
export const NEW = '4a3c1e5f-0b7d-4e2a-9c61-7d2f0e8b1a34';

/**
 * An id among the scenario's first adapters and its mdevs' adapters and
 * domains (plus `extraIds`), and a uuid among its mdevs and NEW.
 */
export function scenarioPicks(scenario: string, era: 'E1' | 'E3', extraIds: number[]) {
  const s = buildScenario(scenario, era).state;
  const ids = [
    ...new Set([...maskIds(s.adapters).slice(0, 6), ...s.mdevs.flatMap((m) => [...maskIds(m.apm), ...maskIds(m.aqm)]), ...extraIds])
  ];
  return { id: fc.constantFrom(...ids), uuid: fc.constantFrom(...s.mdevs.map((m) => m.uuid), NEW) };
}

/** Well-formed mdev operations: create or remove, one assignment change, a small ap_config. */
export function mdevOperations(uuid: fc.Arbitrary<string>, id: fc.Arbitrary<number>): Array<fc.Arbitrary<Operation>> {
  return [
    fc.record({ kind: fc.constantFrom('create-mdev' as const, 'remove-mdev' as const), uuid }),
    fc.record({
      kind: fc.constantFrom(
        'assign-adapter' as const,
        'unassign-adapter' as const,
        'assign-domain' as const,
        'unassign-domain' as const,
        'assign-control-domain' as const
      ),
      uuid,
      id
    }),
    fc.record({
      kind: fc.constant('ap-config' as const),
      uuid,
      apm: fc.uniqueArray(id, { maxLength: 2 }),
      aqm: fc.uniqueArray(id, { maxLength: 2 }),
      adm: fc.uniqueArray(id, { maxLength: 1 })
    })
  ];
}
