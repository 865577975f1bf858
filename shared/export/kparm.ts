/**
 * The host masks after the plan as kernel parameters (docs/kernel-model.md §1.3):
 * `ap.apmask=0x… ap.aqmask=0x…`, absolute, 64 hex digits each.
 */
import { maskToHex, type Mask } from '../ap';
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import { exportContext, sourceComment, type ExportOptions } from './exportContext';

export function kernelParams(apmask: Mask, aqmask: Mask): string {
  return `ap.apmask=${maskToHex(apmask)} ap.aqmask=${maskToHex(aqmask)}`;
}

export function exportKernelParams(host: HostState, plan: Plan, opts: ExportOptions = {}): string {
  const ctx = exportContext(host, plan, opts);
  return [
    ...sourceComment(ctx, 'Kernel parameters that set the host AP masks at boot.'),
    '# Add them to the kernel command line (zipl.conf parameters=, or grubby --update-kernel=ALL --args=...).',
    kernelParams(ctx.after.apmask, ctx.after.aqmask),
    ''
  ].join('\n');
}
