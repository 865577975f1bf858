/**
 * One plan operation written to the kernel model without walking its sysfs
 * tree: the same write handlers the tree calls (busWrites, mdevWrites), with
 * the tree's own ENOENT cases in front. Walking the tree builds a few dozen
 * directory closures per write, which is most of the time of a 200-operation
 * replay; the verdicts are the same (test/unit/planValidate.test.ts compares
 * them with kernel.write on random plans).
 */
import { KernelError } from '../ap/errors';
import { writeBusMask, writeCreate } from '../kernel/busWrites';
import { writeMdevAttr } from '../kernel/mdevWrites';
import { pageStores } from '../kernel/sysfsPage';
import type { KernelState } from '../kernel/types';
import { opPath, type Operation } from './operations';

function missing(path: string, data: string, what: string): KernelError {
  return new KernelError('ENOENT', path, data, `${what} does not exist`);
}

/**
 * Writes `data` (the payload and its newline) for `op` as the script's printf
 * does: one store per page (sysfsPage.ts), so a payload that reaches a page is
 * replayed as the kernel would parse it, a second store on its own. Throws
 * KernelError like kernel.write; the stores before a refused one stay done.
 */
export function replayWrite(s: KernelState, op: Operation, data: string): void {
  for (const store of pageStores(data)) replayStore(s, op, store);
}

/** One store (at most one page) for `op`. */
function replayStore(s: KernelState, op: Operation, data: string): void {
  const path = opPath(op);
  switch (op.kind) {
    case 'apmask':
    case 'aqmask':
      return writeBusMask(s, op.kind, data, path); // §2.1
  }
  // §9.5: the vfio_ap files exist only while the module is loaded
  if (!s.vfioLoaded) throw missing(path, data, 'devices/vfio_ap (vfio_ap is not loaded)');
  if (op.kind === 'create-mdev') {
    writeCreate(s, data, path); // §5.3
    return;
  }
  const m = s.mdevs.find((x) => x.uuid === op.uuid);
  if (!m) throw missing(path, data, `devices/vfio_ap/matrix/${op.uuid}`);
  // §6.1: ap_config exists from 6.10 (E3) only
  if (op.kind === 'ap-config' && s.era === 'E1') throw missing(path, data, path);
  writeMdevAttr(s, m, path.slice(path.lastIndexOf('/') + 1), data, path); // §5.4, §6.2, §6.4
}
