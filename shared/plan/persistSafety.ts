/**
 * The persistent part of a plan must not break the next boot. persistPlan.ts
 * writes a definition for every mdev the plan touches, equal to its planned
 * matrix, and leaves the others as they are: a definition the plan does not
 * touch (an auto-start mdev defined but not running, or running with another
 * matrix) may already hold a queue the plan gives to a new mdev. Both would be
 * `start: auto`, and at the next boot mdevctl starts the first and the kernel
 * refuses the second (EADDRINUSE, docs/kernel-model.md §6.2): one queue
 * defined for two owners. Here the next boot after the plan's persistent
 * changes is computed (shared/persist/nextBoot.ts, the kernel model's own
 * refusals) and every definition it refuses that the next boot of today's
 * files does not refuse is the plan's doing.
 */
import { maskToHex } from '../ap';
import { persistentChanges } from '../export/persistPlan';
import { pictureOfHost, predictAfter, touchedMdevs } from '../export/picture';
import type { HostState, MdevctlDefinition } from '../host/hostState';
import { kernelStateFromHost } from '../host/toKernel';
import { attrsForMatrix } from '../persist/mdevctlFile';
import { bootKernelState, type BootRefusal } from '../persist/nextBoot';
import type { PersistentState } from '../persist/types';
import type { Plan } from './operations';

/** The persistent configuration once the plan's persistent changes are written. */
export function persistAfterPlan(host: HostState, plan: Plan): PersistentState | null {
  if (!host.persist) return null;
  const after = predictAfter(pictureOfHost(host), plan);
  const changes = persistentChanges(host, after, touchedMdevs(plan));
  if (!changes.length) return host.persist;
  const defs = new Map<string, MdevctlDefinition>(host.persist.definitions.map((d) => [d.uuid, d]));
  let udevRule = host.persist.udevRule;
  for (const c of changes) {
    if (c.kind === 'rule') {
      // the same masks the rule text holds (persistPlan.ts writes them absolute)
      const ap = c.to.chzdev.find((a) => a.startsWith('apmask='));
      const aq = c.to.chzdev.find((a) => a.startsWith('aqmask='));
      udevRule =
        c.to.text === null
          ? null
          : {
              file: host.persist.udevRule?.file ?? '/etc/udev/rules.d/41-ap.rules',
              apmask: ap ? maskToHex(after.apmask) : null,
              aqmask: aq ? maskToHex(after.aqmask) : null
            };
    } else if (c.kind === 'undefine') defs.delete(c.uuid);
    else {
      const m = after.mdevs.get(c.uuid)!;
      const old = defs.get(c.uuid);
      defs.set(c.uuid, {
        uuid: c.uuid,
        start: old?.start ?? 'auto',
        attrs: attrsForMatrix(m.apm, m.aqm, m.adm),
        file: old?.file ?? `/etc/mdevctl.d/matrix/${c.uuid}`
      });
    }
  }
  // mdevctl lists (and starts) definitions in uuid byte order
  const definitions = [...defs.values()].sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
  return { ...host.persist, udevRule, definitions };
}

const key = (r: BootRefusal) => `${r.uuid} ${r.errno}`;

/**
 * One sentence when the plan's persistent part makes the next boot refuse a
 * definition it does not refuse today (two auto-start definitions holding one
 * queue, a definition outside the persistent masks ...); null otherwise, and
 * null when the persistent configuration was not read.
 */
export function persistRefusal(host: HostState, plan: Plan): string | null {
  const afterPersist = persistAfterPlan(host, plan);
  if (!afterPersist || afterPersist === host.persist) return null;
  const state = kernelStateFromHost(host);
  const before = new Set(bootKernelState(state, host.persist!).refused.map(key));
  const added = bootKernelState(state, afterPersist).refused.filter((r) => !before.has(key(r)));
  if (!added.length) return null;
  const r = added[0];
  const more = added.length > 1 ? ` (and ${added.length - 1} more definition${added.length > 2 ? 's' : ''})` : '';
  return `the persistent part of this plan would break the next boot: the mdev definition ${r.uuid} would be refused at ${r.step} (${r.errno}: ${r.message})${more}; apply it with --persist active, or change the other definitions first`;
}
