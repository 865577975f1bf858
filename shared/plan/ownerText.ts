/**
 * Owners and queues in words, for refusals and verdicts:
 * `mdev cef03c3c… (Guest2)`, `the host`, `05.0047`.
 */
import { formatApqn } from '../ap/ids';
import type { HostState } from '../host/hostState';

/** Guest names by mdev uuid (a guest's `<hostdev model='vfio-ap'>`). */
export function guestNames(host: HostState): Map<string, string> {
  const names = new Map<string, string>();
  for (const g of host.guests) if (!names.has(g.mdev)) names.set(g.mdev, g.name);
  return names;
}

export function shortUuid(uuid: string): string {
  return `${uuid.slice(0, 8)}…`;
}

/** `mdev cef03c3c… (Guest2)`, `the host`, `nobody (the vfio_ap pool)` */
export function describeOwner(host: HostState, owner: string, names = guestNames(host)): string {
  if (owner === 'host') return 'the host';
  if (owner === 'free') return 'nobody (the vfio_ap pool)';
  const guest = names.get(owner);
  return guest ? `mdev ${shortUuid(owner)} (${guest})` : `mdev ${shortUuid(owner)}`;
}

/** `Guest2 (mdev cef03c3c-903d-4ecc-9a83-40694cb8aee4)` or `mdev cef03c3c-…` in full */
export function describeOwnerLong(host: HostState, owner: string, names = guestNames(host)): string {
  if (owner === 'host' || owner === 'free') return describeOwner(host, owner, names);
  const guest = names.get(owner);
  return guest ? `${guest} (mdev ${owner})` : `mdev ${owner}`;
}

export function cellText(cell: number): string {
  return formatApqn(cell >>> 8, cell & 0xff);
}

/** `05.0047, 05.00ab and 3 more`; a cell listed twice is named once */
export function cellList(cells: number[], max = 4): string {
  const unique = [...new Set(cells)];
  const shown = unique.slice(0, max).map(cellText);
  const rest = unique.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
