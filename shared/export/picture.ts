/**
 * The values a plan reads and writes, as masks: host masks and each mdev's
 * three masks. `pictureOfHost` takes them from a snapshot; `predictAfter`
 * replays a plan on them assuming every write succeeds (which is what the
 * script's final check expects: it runs only after every step succeeded).
 */
import { emptyMask, isUuid, parseAbsoluteMask, type Mask } from '../ap';
import type { HostState } from '../host/hostState';
import { applyToModel, cloneModel, findMdev } from '../plan/matrixModel';
import { operationError, type Plan } from '../plan/operations';
import { ExportError } from './exportError';

export interface MdevMasks {
  uuid: string;
  apm: Mask;
  aqm: Mask;
  adm: Mask;
}

export interface MaskPicture {
  maxAdapter: number;
  maxDomain: number;
  apmask: Mask;
  aqmask: Mask;
  /** in creation order */
  mdevs: Map<string, MdevMasks>;
}

const MASK_HEX = /^0x[0-9a-f]{64}$/;

function maskField(value: unknown, name: string): Mask {
  if (typeof value !== 'string' || !MASK_HEX.test(value)) {
    throw new ExportError(name, 'must be 0x followed by 64 lowercase hex digits');
  }
  return parseAbsoluteMask(value, name);
}

function maxField(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
    throw new ExportError(name, 'must be an integer 0..255');
  }
  return value;
}

/** Every operation must pass operationError; the plan must be a list. */
export function checkPlan(plan: Plan): void {
  if (!plan || !Array.isArray(plan.operations)) throw new ExportError('plan.operations', 'must be a list');
  plan.operations.forEach((op, i) => {
    const why = operationError(op);
    if (why) throw new ExportError(`operations[${i}]`, why);
  });
}

/** The host's masks, checked: refuses a snapshot with a value that is not a mask, id or UUID. */
export function pictureOfHost(host: HostState): MaskPicture {
  const mdevs = new Map<string, MdevMasks>();
  if (!Array.isArray(host.mdevs)) throw new ExportError('host.mdevs', 'must be a list');
  host.mdevs.forEach((m, i) => {
    if (!isUuid(m.uuid)) throw new ExportError(`host.mdevs[${i}].uuid`, 'is not a lowercase UUID');
    mdevs.set(m.uuid, {
      uuid: m.uuid,
      apm: maskField(m.apm, `host.mdevs[${i}].apm`),
      aqm: maskField(m.aqm, `host.mdevs[${i}].aqm`),
      adm: maskField(m.adm, `host.mdevs[${i}].adm`)
    });
  });
  return {
    maxAdapter: maxField(host.maxAdapter, 'host.maxAdapter'),
    maxDomain: maxField(host.maxDomain, 'host.maxDomain'),
    apmask: maskField(host.apmask, 'host.apmask'),
    aqmask: maskField(host.aqmask, 'host.aqmask'),
    mdevs
  };
}

/**
 * The picture after every operation of the plan succeeded: the planner's mask
 * replay (applyToModel), with one assumption of its own: since every write
 * succeeded, an mdev written to exists (created empty if the snapshot lacks
 * it), and a create leaves it empty.
 */
export function predictAfter(before: MaskPicture, plan: Plan): MaskPicture {
  const model = cloneModel({
    era: 'E3',
    maxAdapter: before.maxAdapter,
    maxDomain: before.maxDomain,
    apmask: before.apmask,
    aqmask: before.aqmask,
    mdevs: [...before.mdevs.values()]
  });
  for (const op of plan.operations) {
    if ('uuid' in op && op.kind !== 'remove-mdev') {
      const m = findMdev(model, op.uuid);
      if (!m) model.mdevs.push({ uuid: op.uuid, apm: emptyMask(), aqm: emptyMask(), adm: emptyMask() });
      else if (op.kind === 'create-mdev') {
        m.apm = emptyMask();
        m.aqm = emptyMask();
        m.adm = emptyMask();
      }
    }
    applyToModel(model, op);
  }
  return { ...before, apmask: model.apmask, aqmask: model.aqmask, mdevs: new Map(model.mdevs.map((m) => [m.uuid, m])) };
}

/** mdev UUIDs the plan writes to, in order of first appearance. */
export function touchedMdevs(plan: Plan): string[] {
  const seen = new Set<string>();
  for (const op of plan.operations) if ('uuid' in op) seen.add(op.uuid);
  return [...seen];
}
