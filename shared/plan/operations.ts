/**
 * Plan operations: each one a sysfs write with its path and payload.
 * Values inside are validated numbers and UUIDs only, so paths and payloads
 * built from them are safe to put in a shell script.
 */
import { hex2, hex4, isApId, isUuid } from '../ap/ids';
import { emptyMask, maskSet, maskToHex } from '../ap/mask';
import { byteLength } from '../kernel/busWrites';
import { fitsOneStore, SYSFS_PAGE } from '../kernel/sysfsPage';
import { idListsError } from './opIdLists';

export type AssignKind =
  'assign-adapter' | 'unassign-adapter' | 'assign-domain' | 'unassign-domain' | 'assign-control-domain' | 'unassign-control-domain';

export type Operation =
  /** relative write to bus/ap/apmask or aqmask: set gives ids to the host, clear frees them */
  | { kind: 'apmask' | 'aqmask'; set: number[]; clear: number[] }
  | { kind: 'create-mdev'; uuid: string }
  | { kind: 'remove-mdev'; uuid: string }
  | { kind: AssignKind; uuid: string; id: number }
  /** atomic replacement of an mdev's three masks (E3 ap_config) */
  | { kind: 'ap-config'; uuid: string; apm: number[]; aqm: number[]; adm: number[] };

export const MATRIX_DIR = 'devices/vfio_ap/matrix';
export const CREATE_PATH = `${MATRIX_DIR}/mdev_supported_types/vfio_ap-passthrough/create`;

const ASSIGN_FILE: Record<AssignKind, string> = {
  'assign-adapter': 'assign_adapter',
  'unassign-adapter': 'unassign_adapter',
  'assign-domain': 'assign_domain',
  'unassign-domain': 'unassign_domain',
  'assign-control-domain': 'assign_control_domain',
  'unassign-control-domain': 'unassign_control_domain'
};

/** The six assign/unassign kinds, in the order of the mdev's files (§6). */
export const ASSIGN_KINDS = Object.keys(ASSIGN_FILE) as AssignKind[];

export function isAssignKind(k: string): k is AssignKind {
  return Object.prototype.hasOwnProperty.call(ASSIGN_FILE, k); // not `in`: 'toString' is in every object
}

/** sysfs path relative to the sysfs root. */
export function opPath(op: Operation): string {
  switch (op.kind) {
    case 'apmask':
    case 'aqmask':
      return `bus/ap/${op.kind}`;
    case 'create-mdev':
      return CREATE_PATH;
    case 'remove-mdev':
      return `${MATRIX_DIR}/${op.uuid}/remove`;
    case 'ap-config':
      return `${MATRIX_DIR}/${op.uuid}/ap_config`;
    default:
      return `${MATRIX_DIR}/${op.uuid}/${ASSIGN_FILE[op.kind]}`;
  }
}

function idsToMaskHex(ids: number[]): string {
  const m = emptyMask();
  for (const id of ids) maskSet(m, id);
  return maskToHex(m);
}

/** A payload that would not reach the kernel as one store; no generator may write it. */
export class OversizedWrite extends Error {
  override name = 'OversizedWrite';
  readonly code = 'oversized-write';
  constructor(
    /** the operation, in words */
    readonly input: string,
    readonly bytes: number
  ) {
    super(
      `${input}: its sysfs write would be ${bytes} bytes; a write must stay under ${SYSFS_PAGE} bytes (one page), or the kernel reads the rest as a second, separate value`
    );
  }
}

/**
 * The bytes written (without the trailing newline echo adds). Throws
 * OversizedWrite when payload and newline would reach one page (§8): every
 * write the script generator emits is one store, by construction.
 */
export function opPayload(op: Operation): string {
  const payload = payloadText(op);
  if (!fitsOneStore(payload)) throw new OversizedWrite(describeOperation(op), byteLength(payload) + 1);
  return payload;
}

function payloadText(op: Operation): string {
  switch (op.kind) {
    case 'apmask':
    case 'aqmask':
      return [...op.set.map((id) => `+0x${hex2(id)}`), ...op.clear.map((id) => `-0x${hex2(id)}`)].join(',');
    case 'create-mdev':
      return op.uuid;
    case 'remove-mdev':
      return '1';
    case 'ap-config':
      return `${idsToMaskHex(op.apm)},${idsToMaskHex(op.aqm)},${idsToMaskHex(op.adm)}`;
    default:
      return op.kind.endsWith('adapter') ? `0x${hex2(op.id)}` : `0x${hex4(op.id)}`;
  }
}

/** §8: the payload and its newline must reach the kernel as ONE store (sysfsPage.ts). */
function pageError(op: Operation): string | null {
  const payload = payloadText(op);
  if (fitsOneStore(payload)) return null;
  return `its sysfs write would be ${byteLength(payload) + 1} bytes; a write must stay under ${SYSFS_PAGE} bytes (one page), or the kernel reads the rest as a second, separate value`;
}

/** Checks an operation received from outside (renderer, file). Returns a sentence or null. */
export function operationError(op: unknown): string | null {
  if (typeof op !== 'object' || op === null) return 'an operation must be an object';
  const o = op as Record<string, unknown>;
  const ids = (v: unknown, name: string): string | null =>
    Array.isArray(v) && v.every(isApId) ? null : `${name} must be a list of ids 0..255`;
  switch (o.kind) {
    case 'apmask':
    case 'aqmask': {
      const bad = ids(o.set, 'set') ?? ids(o.clear, 'clear');
      if (bad) return bad;
      const set = o.set as number[];
      const clear = o.clear as number[];
      // an empty payload would be read as an ABSOLUTE all-zero mask (§1.2), freeing everything
      if (set.length + clear.length === 0) return `${o.kind} needs at least one id to set or clear`;
      return idListsError({ set, clear }, { set, clear }) ?? pageError(op as Operation);
    }
    case 'create-mdev':
    case 'remove-mdev':
      return isUuid(o.uuid) ? null : `uuid ${JSON.stringify(o.uuid)} is not a lowercase UUID`;
    case 'ap-config':
      if (!isUuid(o.uuid)) return `uuid ${JSON.stringify(o.uuid)} is not a lowercase UUID`;
      return (
        ids(o.apm, 'apm') ??
        ids(o.aqm, 'aqm') ??
        ids(o.adm, 'adm') ??
        idListsError({ apm: o.apm as number[], aqm: o.aqm as number[], adm: o.adm as number[] }) ??
        pageError(op as Operation)
      );
    default:
      if (typeof o.kind !== 'string' || !isAssignKind(o.kind)) {
        return `unknown operation kind ${JSON.stringify(o.kind)}`;
      }
      if (!isUuid(o.uuid)) return `uuid ${JSON.stringify(o.uuid)} is not a lowercase UUID`;
      return isApId(o.id) ? null : `id ${JSON.stringify(o.id)} must be an integer 0..255`;
  }
}

/** One line in words: "assign adapter 0x05 to 62177883-…" */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'apmask':
    case 'aqmask': {
      const what = op.kind === 'apmask' ? 'adapters' : 'domains';
      const parts: string[] = [];
      if (op.clear.length) parts.push(`free ${what} ${op.clear.map((i) => '0x' + hex2(i)).join(', ')} from the host`);
      if (op.set.length) parts.push(`give ${what} ${op.set.map((i) => '0x' + hex2(i)).join(', ')} back to the host`);
      return parts.join('; ') || `${op.kind}: no change`;
    }
    case 'create-mdev':
      return `create mdev ${op.uuid}`;
    case 'remove-mdev':
      return `remove mdev ${op.uuid}`;
    case 'ap-config':
      return `replace the matrix of ${op.uuid} atomically (ap_config)`;
    default: {
      const [verb, ...rest] = op.kind.split('-');
      const noun = rest.join(' ');
      const id = noun === 'adapter' ? '0x' + hex2(op.id) : '0x' + hex4(op.id);
      return `${verb} ${noun} ${id} ${verb === 'assign' ? 'to' : 'from'} ${op.uuid}`;
    }
  }
}

export interface Plan {
  /** what the plan is for, in words */
  title: string;
  operations: Operation[];
}
