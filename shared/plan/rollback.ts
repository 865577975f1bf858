/**
 * The inverse of a plan prefix: what puts the host's masks and mdev matrices
 * back after the first `landed` operations went through.
 *
 * Each landed operation is inverted against the state it ran on, so no-ops need
 * no inverse and a mask write restores only the bits that really changed. The
 * inverses run in reverse order, which walks back through the very states the
 * kernel accepted on the way forward.
 *
 * Known limit: an E1 kernel assigns only queues bound to vfio_ap (§6.4), so an
 * E1 matrix that holds unbound or missing queues (reached through events, not
 * writes) cannot be rebuilt after remove-mdev or an unassign; the rollback's
 * assign then fails and says so.
 */
import { maskEquals, maskHas, maskIds, maskIsEmpty } from '../ap/mask';
import type { HostState } from '../host/hostState';
import { applyToModel, cloneModel, findMdev, modelFromHost, type MatrixModel } from './matrixModel';
import type { Operation, Plan } from './operations';

/**
 * @param host the state the plan started from
 * @param landed how many leading operations were applied
 */
export function rollbackPlan(host: HostState, plan: Plan, landed: number): Plan {
  const n = Math.max(0, Math.min(landed, plan.operations.length));
  const model = modelFromHost(host);
  const inverses: Operation[][] = [];
  for (let i = 0; i < n; i++) {
    const op = plan.operations[i];
    inverses.push(inverseOf(model, op));
    applyToModel(model, op);
  }
  const operations = inverses.reverse().flat();
  const steps = n === 1 ? 'step' : 'steps';
  return { title: `roll back the first ${n} ${steps} of "${plan.title}"`, operations };
}

/** The operations that undo `op` when run on the state right after it (model = the state before). */
export function inverseOf(model: MatrixModel, op: Operation): Operation[] {
  switch (op.kind) {
    case 'apmask':
    case 'aqmask': {
      const before = op.kind === 'apmask' ? model.apmask : model.aqmask;
      const probe = cloneModel(model);
      applyToModel(probe, op);
      const after = op.kind === 'apmask' ? probe.apmask : probe.aqmask;
      if (maskEquals(before, after)) return [];
      const set = maskIds(before).filter((id) => !maskHas(after, id));
      const clear = maskIds(after).filter((id) => !maskHas(before, id));
      return [{ kind: op.kind, set, clear }];
    }
    case 'create-mdev':
      return findMdev(model, op.uuid) ? [] : [{ kind: 'remove-mdev', uuid: op.uuid }];
    case 'remove-mdev': {
      const x = findMdev(model, op.uuid);
      if (!x) return [];
      const out: Operation[] = [{ kind: 'create-mdev', uuid: op.uuid }];
      if (maskIsEmpty(x.apm) && maskIsEmpty(x.aqm) && maskIsEmpty(x.adm)) return out;
      if (model.era === 'E3') {
        // §6.2 ap_config restores the whole matrix atomically
        out.push({ kind: 'ap-config', uuid: op.uuid, apm: maskIds(x.apm), aqm: maskIds(x.aqm), adm: maskIds(x.adm) });
      } else {
        for (const a of maskIds(x.apm)) out.push({ kind: 'assign-adapter', uuid: op.uuid, id: a });
        for (const d of maskIds(x.aqm)) out.push({ kind: 'assign-domain', uuid: op.uuid, id: d });
        for (const d of maskIds(x.adm)) out.push({ kind: 'assign-control-domain', uuid: op.uuid, id: d });
      }
      return out;
    }
    case 'ap-config': {
      const x = findMdev(model, op.uuid);
      if (!x) return [];
      const probe = cloneModel(model);
      applyToModel(probe, op);
      const y = findMdev(probe, op.uuid)!;
      if (maskEquals(x.apm, y.apm) && maskEquals(x.aqm, y.aqm) && maskEquals(x.adm, y.adm)) return [];
      return [{ kind: 'ap-config', uuid: op.uuid, apm: maskIds(x.apm), aqm: maskIds(x.aqm), adm: maskIds(x.adm) }];
    }
    default: {
      const x = findMdev(model, op.uuid);
      if (!x) return [];
      const mask = op.kind.endsWith('control-domain') ? x.adm : op.kind.endsWith('adapter') ? x.apm : x.aqm;
      const was = maskHas(mask, op.id);
      const assign = op.kind.startsWith('assign');
      // §6.2: assigning an assigned id and unassigning an unassigned one change nothing
      if (assign === was) return [];
      const noun = op.kind.slice(op.kind.indexOf('-') + 1);
      const kind = (assign ? `unassign-${noun}` : `assign-${noun}`) as Operation['kind'];
      return [{ kind, uuid: op.uuid, id: op.id } as Operation];
    }
  }
}
