/**
 * The host state after a replay, built by patching the snapshot the plan was
 * made on instead of re-reading the whole kernel model: plan operations change
 * only the two host masks, the mdevs and, through them, each queue's driver
 * (§9.8) and vfio_ap status (§3.2). Queues whose driver, holder and status stay
 * the same keep their objects, so 65,536 queues cost one pass of mask tests.
 */
import { maskHas, maskToHex } from '../ap/mask';
import type { HostState, MdevInfo, QueueInfo, VfioQueueStatus } from '../host/hostState';
import type { KernelState, MdevState } from '../kernel/types';
import type { OwnerMap } from './matrixModel';

function mdevInfo(state: KernelState, m: MdevState, old: MdevInfo | undefined): MdevInfo {
  const apm = maskToHex(m.apm);
  const aqm = maskToHex(m.aqm);
  const adm = maskToHex(m.adm);
  // guest_matrix exists from E2 on (§6.1); E1 has no shadow
  const guestApm = state.era === 'E1' ? null : maskToHex(m.shadow.apm);
  const guestAqm = state.era === 'E1' ? null : maskToHex(m.shadow.aqm);
  if (
    old &&
    old.apm === apm &&
    old.aqm === aqm &&
    old.adm === adm &&
    old.guestApm === guestApm &&
    old.guestAqm === guestAqm &&
    old.attached === m.attached
  ) {
    return old;
  }
  return { uuid: m.uuid, apm, aqm, adm, guestApm, guestAqm, attached: m.attached };
}

/**
 * @param owners the owner map of the replayed state (built from `state`'s masks): its
 *   mdev codes give each queue's holder without a search over the mdevs
 */
export function predictHost(host: HostState, state: KernelState, owners: OwnerMap): HostState {
  const oldMdevs = new Map(host.mdevs.map((m) => [m.uuid, m]));
  const mdevs = state.mdevs.map((m) => mdevInfo(state, m, oldMdevs.get(m.uuid)));
  const unbound = new Set(state.unbound);
  const mdevByIndex = state.mdevs;
  const queues: QueueInfo[] = new Array(host.queues.length);
  for (let i = 0; i < host.queues.length; i++) {
    const q = host.queues[i];
    const cell = (q.adapter << 8) | q.domain;
    const o = owners.owner[cell];
    let driver: string | null;
    // §9.8: manual unbind sticks (§4.3); host pool -> cex4queue; else vfio_ap when loaded
    if (unbound.has(cell)) driver = null;
    else if (maskHas(state.apmask, q.adapter) && maskHas(state.aqmask, q.domain)) driver = 'cex4queue';
    else driver = state.vfioLoaded ? 'vfio_ap' : null;
    let status: VfioQueueStatus | null = null;
    if (driver === 'vfio_ap') {
      const holder = o >= 2 ? mdevByIndex[o - 2] : undefined;
      if (!holder) status = 'unassigned';
      else {
        // §3.2: in use = the holder has a guest and (E2+) the queue is in its shadow
        const inShadow = state.era === 'E1' || (maskHas(holder.shadow.apm, q.adapter) && maskHas(holder.shadow.aqm, q.domain));
        status = holder.attached && inShadow ? 'in use' : 'assigned';
      }
    }
    if (driver === q.driver && status === q.status) {
      queues[i] = q;
      continue;
    }
    const toHost = driver === 'cex4queue' && q.driver !== 'cex4queue';
    const fromHost = q.driver === 'cex4queue' && driver !== 'cex4queue';
    queues[i] = {
      ...q,
      driver,
      status,
      // cex4queue adds `online` (§3.2); a queue that changed driver was reset (§9.7)
      online: driver === 'cex4queue' ? (toHost ? !state.offlineQueues.includes(cell) : q.online) : null,
      requestCount: toHost || fromHost ? (driver === 'cex4queue' ? 0 : null) : q.requestCount
    };
  }
  return {
    ...host,
    apmask: maskToHex(state.apmask),
    aqmask: maskToHex(state.aqmask),
    mdevs,
    queues,
    fingerprint: `predicted:${host.fingerprint}`
  };
}
