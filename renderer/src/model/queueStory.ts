/**
 * Everything known about one queue, in words, for the hover card: card type,
 * mode and state, driver, owner, mdev, guest, and why the queue is or is not
 * in its guest's matrix (§7.1 filter, §4.1 binding, §2.2 ownership).
 */
import { formatApqn, hex2, hex4, maskHas, maskIds } from '../../../shared/ap';
import { HostIndex, MdevEntry, hostOwns, inGuestMatrix, mdevsHolding } from './hostIndex';

export interface QueueStory {
  apqn: string;
  card: string;
  state: string;
  driver: string;
  owner: string;
  mdevs: string[];
  guest: string;
  why: string;
}

function cardText(ix: HostIndex, a: number): string {
  const c = ix.cards.get(a);
  if (!c) return maskHas(ix.lparAdapters, a) ? 'configured, no card device' : 'not in this LPAR';
  return `${c.type ?? `hwtype ${c.rawHwtype}`} ${c.mode}`;
}

function stateText(ix: HostIndex, a: number, d: number): string {
  const c = ix.cards.get(a);
  const q = ix.queues.get(a * 256 + d);
  const parts: string[] = [];
  if (c) {
    if (!c.config) parts.push('card deconfigured');
    else if (c.chkstop) parts.push('card check-stopped');
    else parts.push(c.online === false ? 'card offline' : 'card online');
  }
  if (q) {
    parts.push(q.online === false ? 'queue offline' : 'queue online');
    if (q.status) parts.push(`vfio_ap: ${q.status}`);
    if (q.requestCount !== null) parts.push(`${q.requestCount} requests`);
  } else parts.push('no queue device');
  return parts.join(', ');
}

/** Why an mdev's queue is or is not in its guest's matrix. */
function whyGuest(ix: HostIndex, m: MdevEntry, a: number, d: number): string {
  const guestName = m.guest ? m.guest.name : 'no guest';
  if (inGuestMatrix(m, a, d)) {
    return m.guestApm ? `In ${guestName}'s guest_matrix (§7.1).` : `E1: the guest gets the mdev matrix unfiltered (§6.4).`;
  }
  if (!maskHas(ix.lparAdapters, a)) return `Adapter ${hex2(a)} is not configured in the LPAR, so the filter drops it (§7.1).`;
  if (!maskHas(ix.lparUsage, d)) return `Domain ${hex4(d)} is not a usage domain of the LPAR, so the filter drops it (§7.1).`;
  if (m.guestApm && m.guestAqm && maskHas(m.guestAqm, d) && !maskHas(m.guestApm, a)) {
    // §7.1: the whole adapter goes when one of its queues is not bound to vfio_ap
    for (const dd of maskIds(m.guestAqm)) {
      const q = ix.queues.get(a * 256 + dd);
      if (!q || q.driver !== 'vfio_ap') {
        const who = hostOwns(ix, a, dd)
          ? 'the host owns it (apmask and aqmask bits set, §2.2)'
          : q
            ? `its driver is ${q.driver ?? 'none'}`
            : 'it has no queue device';
        return `Adapter ${hex2(a)} is dropped from ${guestName}'s matrix because ${formatApqn(a, dd)} is not bound to vfio_ap: ${who} (§7.1).`;
      }
    }
    return `Adapter ${hex2(a)} was dropped from ${guestName}'s matrix and an unassign did not re-filter it (§7.3).`;
  }
  return `Not in ${guestName}'s guest_matrix (§7.1).`;
}

export function queueStory(ix: HostIndex, a: number, d: number): QueueStory {
  const q = ix.queues.get(a * 256 + d);
  const holders = mdevsHolding(ix, a, d);
  const host = hostOwns(ix, a, d);
  const owner = host ? 'host (zcrypt drivers)' : holders.length ? 'vfio_ap pool, assigned' : 'vfio_ap pool, free';
  let why: string;
  if (holders.length === 0) {
    why = host
      ? 'The host keeps this queue: its adapter bit in apmask and its domain bit in aqmask are both set (§2.2).'
      : 'Freed for guests, but no mdev has it assigned.';
  } else {
    why = holders.map((m) => whyGuest(ix, m, a, d)).join(' ');
    if (holders.length > 1) why = `Conflict: ${holders.length} mdevs hold this queue. ` + why;
    if (host) why = `Conflict: the host owns this mdev queue (§2.1). ` + why;
  }
  const guests = holders.map((m) => (m.guest ? `${m.guest.name} (${m.guest.running ? 'running' : 'stopped'})` : 'none')).join(', ');
  return {
    apqn: formatApqn(a, d),
    card: cardText(ix, a),
    state: stateText(ix, a, d),
    driver: q?.driver ?? 'none',
    owner,
    mdevs: holders.map((m) => (m.label === m.short ? m.info.uuid : `${m.label} ${m.info.uuid}`)),
    guest: guests || 'none',
    why
  };
}
