/**
 * The QEMU option that passes an mdev to a guest (docs/host-tools.md §6). One vfio-ap
 * device per guest.
 */
import { isUuid } from '../ap';
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import { ExportError } from './exportError';
import { exportContext, sourceComment, type ExportOptions } from './exportContext';
import { commentText } from './sanitize';

export function qemuDeviceOption(uuid: string): string {
  if (!isUuid(uuid)) throw new ExportError('uuid', 'is not a lowercase UUID');
  return `-device vfio-ap,sysfsdev=/sys/bus/mdev/devices/${uuid}`;
}

export function exportQemu(host: HostState, plan: Plan, opts: ExportOptions = {}): string {
  const ctx = exportContext(host, plan, opts);
  const out = [...sourceComment(ctx, 'QEMU options for each mdev after the plan (one vfio-ap device per guest).')];
  out.push('# Needs the AP cpu features: -cpu host, or e.g. -cpu z13,ap=on,apqci=on,apft=on,apqi=on');
  if (ctx.after.mdevs.size === 0) out.push('# (no mdev exists after the plan)');
  for (const uuid of ctx.after.mdevs.keys()) {
    const guests = (host.guests ?? []).filter((g) => g.mdev === uuid).map((g) => commentText(g.name, 60));
    out.push(`# mdev ${uuid}${guests.length ? ` (guest ${guests.join(', ')})` : ''}`);
    out.push(qemuDeviceOption(uuid));
  }
  out.push('');
  return out.join('\n');
}
