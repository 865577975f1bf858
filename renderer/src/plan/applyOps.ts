/**
 * Applies plan operations to a HostState snapshot, mask by mask, to get the
 * planned state the grid shows while a plan is being built. Not a validator:
 * the kernel's verdicts come from main (validatePlan). Guest matrices are
 * recomputed roughly (§7.1 with host ownership as the binding test).
 */
import { Mask, emptyMask, maskAnd, maskClear, maskHas, maskIds, maskIntersects, maskSet, maskToHex, parseAbsoluteMask } from '../../../shared/ap';
import type { HostState, MdevInfo } from '../../../shared/host/hostState';
import type { Operation } from '../../../shared/plan/operations';

type M = { uuid: string; apm: Mask; aqm: Mask; adm: Mask; src: MdevInfo | null };

const p = (hex: string | null) => parseAbsoluteMask(hex ?? '', 'mask');

export function applyOperations(host: HostState, ops: Operation[]): HostState {
  const apmask = p(host.apmask);
  const aqmask = p(host.aqmask);
  const mdevs: M[] = host.mdevs.map((m) => ({ uuid: m.uuid, apm: p(m.apm), aqm: p(m.aqm), adm: p(m.adm), src: m }));
  const find = (uuid: string) => mdevs.find((m) => m.uuid === uuid);
  let touched = false;
  for (const op of ops) {
    touched = true;
    switch (op.kind) {
      case 'apmask':
      case 'aqmask': {
        const m = op.kind === 'apmask' ? apmask : aqmask;
        for (const id of op.set) maskSet(m, id);
        for (const id of op.clear) maskClear(m, id);
        break;
      }
      case 'create-mdev':
        if (!find(op.uuid)) mdevs.push({ uuid: op.uuid, apm: emptyMask(), aqm: emptyMask(), adm: emptyMask(), src: null });
        break;
      case 'remove-mdev': {
        const i = mdevs.findIndex((m) => m.uuid === op.uuid);
        if (i >= 0) mdevs.splice(i, 1);
        break;
      }
      case 'ap-config': {
        const m = find(op.uuid);
        if (m) {
          m.apm = emptyMask();
          m.aqm = emptyMask();
          m.adm = emptyMask();
          op.apm.forEach((i) => maskSet(m.apm, i));
          op.aqm.forEach((i) => maskSet(m.aqm, i));
          op.adm.forEach((i) => maskSet(m.adm, i));
        }
        break;
      }
      default: {
        const m = find(op.uuid);
        if (!m) break;
        const field = op.kind.endsWith('control-domain') ? 'adm' : op.kind.endsWith('adapter') ? 'apm' : 'aqm';
        if (op.kind.startsWith('assign')) maskSet(m[field], op.id);
        else maskClear(m[field], op.id);
      }
    }
  }
  if (!touched) return host;
  const lparA = p(host.lpar.adapters);
  const lparU = p(host.lpar.usageDomains);
  const hasShadow = host.mdevs.some((m) => m.guestApm !== null) || host.era === 'E3';
  const newMdevs: MdevInfo[] = mdevs.map((m) => {
    // §7.1 rough shadow: LPAR filter, then drop adapters with a host-owned queue (§4.1)
    const gA = maskAnd(m.apm, lparA);
    const gD = maskAnd(m.aqm, lparU);
    for (const a of maskIds(gA)) if (maskHas(apmask, a) && maskIntersects(gD, aqmask)) maskClear(gA, a);
    return {
      uuid: m.uuid,
      apm: maskToHex(m.apm),
      aqm: maskToHex(m.aqm),
      adm: maskToHex(m.adm),
      guestApm: hasShadow ? maskToHex(gA) : null,
      guestAqm: hasShadow ? maskToHex(gD) : null,
      attached: m.src?.attached ?? false
    };
  });
  return { ...host, apmask: maskToHex(apmask), aqmask: maskToHex(aqmask), mdevs: newMdevs };
}
