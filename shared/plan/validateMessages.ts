/**
 * Kernel refusals in terms of queues and owners: "05.0047 already belongs to
 * Guest2 (mdev cef03c3c-…)". The model before the refused write says who holds
 * what; the errno says which rule broke (docs/kernel-model.md §8).
 */
import { STRERROR, type Errno, KernelError } from '../ap/errors';
import { cellIndex, hex2, hex4 } from '../ap/ids';
import { Mask, maskHas, maskIds, maskIntersects } from '../ap/mask';
import type { HostState } from '../host/hostState';
import { boundToVfio } from '../kernel/state';
import type { KernelState } from '../kernel/types';
import { applyToModel, cloneModel, findMdev, type MatrixModel, type MdevMatrix } from './matrixModel';
import { describeOperation, type Operation } from './operations';
import { cellList, describeOwnerLong } from './ownerText';

/** Cells of apm x aqm that are also in the other product, in matrix order. */
function overlap(apm: Mask, aqm: Mask, bApm: Mask, bAqm: Mask): number[] {
  const out: number[] = [];
  const ds = maskIds(aqm).filter((d) => maskHas(bAqm, d));
  for (const a of maskIds(apm)) if (maskHas(bApm, a)) for (const d of ds) out.push(cellIndex(a, d));
  return out;
}

const verb = (n: number, one: string, many: string): string => (n > 1 ? many : one);

/**
 * @param before the model right before the refused write (it did not change anything)
 * @param state the kernel state behind `before`, for E1's bound-queue rule
 */
export function explainFailure(
  host: HostState,
  names: Map<string, string>,
  before: MatrixModel,
  op: Operation,
  err: unknown,
  state?: KernelState
): string {
  if (!(err instanceof KernelError)) return `the kernel model failed unexpectedly: ${String(err)}`;
  const code = err.code;
  const who = (o: string): string => describeOwnerLong(host, o, names);
  const head = `${describeOperation(op)}: `;
  const tail = ` (${code}: ${STRERROR[code as Errno] ?? code})`;

  if (code === 'ENOENT' && op.kind === 'ap-config' && findMdev(before, op.uuid)) {
    // the mdev is there; the file is not (docs/kernel-model.md §6.1: ap_config exists from 6.10 on)
    return `${head}the file ap_config does not exist in this kernel era (it came with Linux 6.10; this host is ${host.era}): use assign and unassign steps instead${tail}`;
  }
  if (code === 'ENOENT' && 'uuid' in op) {
    return `${head}${who(op.uuid)} does not exist (never created, or removed earlier in the plan)${tail}`;
  }
  if (code === 'EEXIST' && op.kind === 'create-mdev') return `${head}an mdev with this UUID already exists${tail}`;
  if ((code === 'EUSERS' || code === 'EPERM') && op.kind === 'create-mdev') return `${head}no mdev instances are left${tail}`;

  if ((op.kind === 'apmask' || op.kind === 'aqmask') && code === 'EBUSY') {
    // §2.1: newly set bits x the other current mask; the first mdev holding one refuses
    const probe = cloneModel(before);
    applyToModel(probe, op);
    const newA = op.kind === 'apmask' ? maskIds(probe.apmask).filter((a) => !maskHas(before.apmask, a)) : maskIds(before.apmask);
    const newD = op.kind === 'aqmask' ? maskIds(probe.aqmask).filter((d) => !maskHas(before.aqmask, d)) : maskIds(before.aqmask);
    for (const m of before.mdevs) {
      const cells: number[] = [];
      for (const a of newA) if (maskHas(m.apm, a)) for (const d of newD) if (maskHas(m.aqm, d)) cells.push(cellIndex(a, d));
      if (cells.length) {
        return `${head}${cellList(cells)} ${verb(cells.length, 'is', 'are')} assigned to ${who(m.uuid)}; giving ${verb(cells.length, 'it', 'them')} back to the host is refused${tail}`;
      }
    }
  }

  if ('uuid' in op && op.kind !== 'create-mdev') {
    const x = findMdev(before, op.uuid);
    const attached = host.mdevs.find((m) => m.uuid === op.uuid)?.attached;
    if (code === 'EBUSY' && op.kind === 'remove-mdev')
      return `${head}${who(op.uuid)} is in use by a running guest; stop the guest first${tail}`;
    if (code === 'EBUSY' && before.era === 'E1' && attached) {
      return `${head}${who(op.uuid)} is in use by a running guest; kernels before 6.0 refuse every change until it stops${tail}`;
    }
    if (code === 'ENODEV' && op.kind !== 'ap-config' && op.kind !== 'remove-mdev') {
      const isA = op.kind.endsWith('adapter');
      const max = isA ? before.maxAdapter : before.maxDomain;
      const text = isA ? `adapter 0x${hex2(op.id)}` : `domain 0x${hex4(op.id)}`;
      return `${head}${text} is above the highest ${isA ? 'adapter' : 'domain'} id 0x${isA ? hex2(max) : hex4(max)}${tail}`;
    }
    if (x && (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL')) {
      const probe = cloneModel(before);
      applyToModel(probe, op);
      const y = findMdev(probe, op.uuid) as MdevMatrix;
      if (code === 'EADDRINUSE') {
        // §6.2 step 3: the first other mdev in creation order
        for (const other of before.mdevs) {
          if (other.uuid === op.uuid || !maskIntersects(other.apm, y.apm) || !maskIntersects(other.aqm, y.aqm)) continue;
          const cells = overlap(y.apm, y.aqm, other.apm, other.aqm);
          return `${head}${cellList(cells)} already ${verb(cells.length, 'belongs', 'belong')} to ${who(other.uuid)}${tail}`;
        }
      } else if (before.era === 'E1') {
        // §6.4: every queue of the new matrix must be a queue device bound to vfio_ap
        const cells = overlap(y.apm, y.aqm, y.apm, y.aqm).filter((c) => !state || !boundToVfio(state, c >>> 8, c & 0xff));
        const which =
          cells.length && state
            ? `${cellList(cells)} ${verb(cells.length, 'is not a queue', 'are not queues')} bound to vfio_ap`
            : 'the new matrix holds a queue that is not bound to vfio_ap';
        return `${head}${which}; kernels before 6.0 assign only bound queues${tail}`;
      } else {
        const cells = overlap(y.apm, y.aqm, before.apmask, before.aqmask);
        return `${head}${cellList(cells)} ${verb(cells.length, 'is', 'are')} still reserved for the host by apmask/aqmask; free ${verb(cells.length, 'it', 'them')} first${tail}`;
      }
    }
  }
  return `${head}${err.message}`;
}
