/**
 * The host state after a replay, built by patching the snapshot the plan was
 * made on instead of re-reading the whole kernel model: plan operations change
 * only the two host masks, the mdevs and, through them, each queue's driver
 * (§9.8) and vfio_ap status (§3.2). Only queues on lines whose host-mask bit
 * changed, or inside the old or new matrix of a changed mdev, are looked at;
 * every other queue keeps its object.
 */
import { maskIds, maskOr, type Mask } from '../ap/mask';
import { parseAbsoluteMask } from '../ap/maskParse';
import type { HostState, MdevInfo, QueueInfo, VfioQueueStatus } from '../host/hostState';
import type { KernelState, MdevState } from '../kernel/types';
import { hostIndex } from './hostIndex';
import type { OwnerMap } from './matrixModel';

function mdevInfo(state: KernelState, m: MdevState, old: MdevInfo | undefined): MdevInfo {
  const apm = hex(m.apm);
  const aqm = hex(m.aqm);
  const adm = hex(m.adm);
  // guest_matrix exists from E2 on (§6.1); E1 has no shadow
  const guestApm = state.era === 'E1' ? null : hex(m.shadow.apm);
  const guestAqm = state.era === 'E1' ? null : hex(m.shadow.aqm);
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

// local constants and helpers: this runs over 65,536 cells per validation
const CELLS = 65536;
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `0x` + 64 lowercase hex digits, as sysfs prints a mask */
function hex(m: Mask): string {
  let s = '0x';
  for (let i = 0; i < 32; i++) s += HEX2[m[i]];
  return s;
}

const has = (m: Mask, id: number): boolean => (m[id >>> 3] & (0x80 >>> (id & 7))) !== 0;

function markProduct(dirty: Uint8Array, apm: Mask, aqm: Mask): void {
  const ds = maskIds(aqm);
  for (const a of maskIds(apm)) for (const d of ds) dirty[(a << 8) | d] = 1;
}

/** Ids whose bit differs between two masks. */
function changedIds(a: Mask, b: Mask): number[] {
  const out: number[] = [];
  for (let i = 0; i < 32; i++) {
    const x = a[i] ^ b[i];
    if (x) for (let bit = 0; bit < 8; bit++) if (x & (0x80 >>> bit)) out.push(i * 8 + bit);
  }
  return out;
}

/**
 * @param owners the owner map of the replayed state (built from `state`'s masks): its
 *   mdev codes give each queue's holder without a search over the mdevs
 */
export function predictHost(host: HostState, state: KernelState, owners: OwnerMap): HostState {
  const oldMdevs = new Map(host.mdevs.map((m) => [m.uuid, m]));
  const mdevs = state.mdevs.map((m) => mdevInfo(state, m, oldMdevs.get(m.uuid)));

  // which cells may have a new driver or status
  const dirty = new Uint8Array(CELLS);
  for (const a of changedIds(parseAbsoluteMask(host.apmask, 'apmask'), state.apmask)) dirty.fill(1, a << 8, (a << 8) + 256);
  for (const d of changedIds(parseAbsoluteMask(host.aqmask, 'aqmask'), state.aqmask)) for (let a = 0; a < 256; a++) dirty[(a << 8) | d] = 1;
  const kept = new Set<MdevInfo>(mdevs);
  const after = new Map(state.mdevs.map((m) => [m.uuid, m]));
  for (const old of host.mdevs) {
    if (kept.has(old)) continue; // unchanged matrix, shadow and guest
    const m = after.get(old.uuid);
    const apm = parseAbsoluteMask(old.apm, 'apm');
    const aqm = parseAbsoluteMask(old.aqm, 'aqm');
    markProduct(dirty, m ? maskOr(apm, m.apm) : apm, m ? maskOr(aqm, m.aqm) : aqm);
  }
  for (const m of state.mdevs) if (!oldMdevs.has(m.uuid)) markProduct(dirty, m.apm, m.aqm);

  const { queueAt } = hostIndex(host);
  const unbound = state.unbound.length ? new Set(state.unbound) : null;
  const { apmask, aqmask, vfioLoaded } = state;
  const queues: QueueInfo[] = host.queues.slice();
  for (let cell = 0; cell < CELLS; cell++) {
    if (!dirty[cell]) continue;
    const i = queueAt[cell];
    if (i < 0) continue;
    const q = queues[i];
    const a = cell >>> 8;
    const d = cell & 0xff;
    let driver: string | null;
    // §9.8: manual unbind sticks (§4.3); host pool -> cex4queue; else vfio_ap when loaded
    if (unbound && unbound.has(cell)) driver = null;
    else if (has(apmask, a) && has(aqmask, d)) driver = 'cex4queue';
    else driver = vfioLoaded ? 'vfio_ap' : null;
    let status: VfioQueueStatus | null = null;
    if (driver === 'vfio_ap') {
      const o = owners.owner[cell];
      const holder = o >= 2 ? state.mdevs[o - 2] : undefined;
      if (!holder) status = 'unassigned';
      else {
        // §3.2: in use = the holder has a guest and (E2+) the queue is in its shadow
        const inShadow = state.era === 'E1' || (has(holder.shadow.apm, a) && has(holder.shadow.aqm, d));
        status = holder.attached && inShadow ? 'in use' : 'assigned';
      }
    }
    if (driver === q.driver && status === q.status) continue;
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
    apmask: hex(state.apmask),
    aqmask: hex(state.aqmask),
    mdevs,
    queues,
    fingerprint: `predicted:${host.fingerprint}`
  };
}
