/**
 * The values a plan reads and writes, as masks: host masks and each mdev's
 * three masks. `pictureOfHost` takes them from a snapshot; `predictAfter`
 * replays a plan on them assuming every write succeeds (which is what the
 * script's final check expects: it runs only after every step succeeded).
 */
import { isUuid, maskClear, maskSet, maskFromIds, parseAbsoluteMask, type Mask } from '../ap';
import type { HostState } from '../host/hostState';
import { operationError, type Operation, type Plan } from '../plan/operations';
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

function copyPicture(p: MaskPicture): MaskPicture {
  const mdevs = new Map<string, MdevMasks>();
  for (const [u, m] of p.mdevs) {
    mdevs.set(u, { uuid: u, apm: new Uint8Array(m.apm), aqm: new Uint8Array(m.aqm), adm: new Uint8Array(m.adm) });
  }
  return { ...p, apmask: new Uint8Array(p.apmask), aqmask: new Uint8Array(p.aqmask), mdevs };
}

function emptyMdev(uuid: string): MdevMasks {
  return { uuid, apm: maskFromIds([]), aqm: maskFromIds([]), adm: maskFromIds([]) };
}

/** Applies one successful write to the picture (in place). */
export function applyToPicture(p: MaskPicture, op: Operation): void {
  switch (op.kind) {
    case 'apmask':
    case 'aqmask': {
      // §1.3: terms apply left to right; opPayload writes the sets before the clears
      const m = op.kind === 'apmask' ? p.apmask : p.aqmask;
      for (const id of op.set) maskSet(m, id);
      for (const id of op.clear) maskClear(m, id);
      return;
    }
    case 'create-mdev':
      p.mdevs.set(op.uuid, emptyMdev(op.uuid));
      return;
    case 'remove-mdev':
      p.mdevs.delete(op.uuid);
      return;
    case 'ap-config': {
      // §6.2 ap_config: the three masks are replaced at once
      p.mdevs.set(op.uuid, { uuid: op.uuid, apm: maskFromIds(op.apm), aqm: maskFromIds(op.aqm), adm: maskFromIds(op.adm) });
      return;
    }
    default: {
      let m = p.mdevs.get(op.uuid);
      if (!m) {
        m = emptyMdev(op.uuid);
        p.mdevs.set(op.uuid, m);
      }
      const target = op.kind.endsWith('control-domain') ? m.adm : op.kind.endsWith('adapter') ? m.apm : m.aqm;
      if (op.kind.startsWith('assign')) maskSet(target, op.id);
      else maskClear(target, op.id);
    }
  }
}

/** The picture after every operation of the plan succeeded. */
export function predictAfter(before: MaskPicture, plan: Plan): MaskPicture {
  const p = copyPicture(before);
  for (const op of plan.operations) applyToPicture(p, op);
  return p;
}

/** mdev UUIDs the plan writes to, in order of first appearance. */
export function touchedMdevs(plan: Plan): string[] {
  const seen = new Set<string>();
  for (const op of plan.operations) if ('uuid' in op) seen.add(op.uuid);
  return [...seen];
}
