/**
 * Failover readiness: for each running guest, the other hosts where the very
 * queues it has now (same adapter and domain ids, a card of the same type and
 * mode) are free for guests, so its mdev could be defined there as it is.
 * Control domains are not queues and are not checked.
 */
import { formatApqn, maskIds } from '../ap';
import type { HostState } from '../host/hostState';
import { LPAR_CONFIGURED, LPAR_DECONFIGURED, type Layers } from '../host/layers';
import { isFreeForGuests } from './summary';
import type { FailoverRow } from './types';

export interface ReadHost {
  name: string;
  host: HostState;
  layers: Layers;
}

function guestCells(layers: Layers, index: number): number[] {
  const m = layers.masks.mdevs[index];
  const out: number[] = [];
  const ds = maskIds(m.guestAqm);
  for (const a of maskIds(m.guestApm)) for (const d of ds) out.push((a << 8) | d);
  return out;
}

function cardText(c: { type: string | null; mode: string }): string {
  return c.type ?? `a card in ${c.mode} mode`;
}

/**
 * Why `cell` of the source host cannot be given to the guest's mdev on
 * `target`, or null when it can: free, or held by a standby mdev with the same
 * UUID that no guest has open (a prepared failover).
 */
export function blockReason(source: HostState, target: ReadHost, cell: number, mdev: string): string | null {
  const a = cell >>> 8;
  const apqn = formatApqn(a, cell & 0xff);
  const want = source.cards.find((c) => c.id === a);
  const have = target.host.cards.find((c) => c.id === a);
  if (!have) return `${apqn}: no card ${apqn.slice(0, 2)} on ${target.name}`;
  if (want && (want.type !== have.type || want.mode !== have.mode)) {
    return `${apqn}: card ${apqn.slice(0, 2)} is ${cardText(have)} on ${target.name}, the guest uses ${cardText(want)}`;
  }
  if (isFreeForGuests(target.layers, cell)) return null;
  const lpar = target.layers.lpar[cell];
  if (lpar === LPAR_DECONFIGURED) return `${apqn}: card ${apqn.slice(0, 2)} is deconfigured or checkstopped on ${target.name}`;
  if (lpar !== LPAR_CONFIGURED) return `${apqn} is not in the LPAR configuration of ${target.name}`;
  if (target.layers.host[cell]) return `${apqn} is reserved for the host by apmask and aqmask on ${target.name}`;
  const owner = target.host.mdevs[target.layers.mdevOwner[cell] - 1];
  if (owner && owner.uuid === mdev && !owner.attached && target.layers.conflict[cell] === 0) return null;
  return `${apqn} is assigned to mdev ${owner?.uuid ?? '?'} on ${target.name}`;
}

/** One row per running guest with at least one queue, in host then guest order. */
export function failoverRows(hosts: ReadHost[]): FailoverRow[] {
  const rows: FailoverRow[] = [];
  for (const src of hosts) {
    for (const g of src.host.guests.filter((x) => x.running).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const index = src.host.mdevs.findIndex((m) => m.uuid === g.mdev);
      if (index < 0) continue; // the guest names an mdev this host does not have: the host audit says so
      const cells = guestCells(src.layers, index);
      if (cells.length === 0) continue;
      const readyOn: string[] = [];
      const blocked: FailoverRow['blocked'] = [];
      for (const t of hosts) {
        if (t === src) continue;
        let reason: string | null = null;
        for (const c of cells) if ((reason = blockReason(src.host, t, c, g.mdev))) break;
        if (reason) blocked.push({ host: t.name, reason });
        else readyOn.push(t.name);
      }
      rows.push({ guest: g.name, host: src.name, mdev: g.mdev, cells, readyOn, blocked });
    }
  }
  return rows;
}
