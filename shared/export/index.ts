/**
 * Plan exporters: one entry point for the router (ExportFormat of the API
 * contract) plus the single generators.
 */
import type { ExportFormat } from '../api/contract';
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import { exportChzdev } from './chzdev';
import { exportKernelParams } from './kparm';
import { exportLibvirt } from './libvirt';
import { formatLszcrypt } from './lszcrypt';
import { exportMdevctl } from './mdevctl';
import { exportQemu } from './qemu';
import { exportShellScript, type ShellScriptOptions } from './shellScript';
import { exportAnsiblePlaybook } from './ansible';
import { ExportError } from './exportError';

export * from './chzdev';
export * from './kparm';
export * from './libvirt';
export * from './lszcrypt';
export * from './mdevctl';
export * from './qemu';
export * from './shellScript';
export * from './machineStatus';
export * from './picture';
export * from './sysfsText';
export * from './cksum';
export * from './ansible';
export * from './scriptCoupling';
export { ExportError } from './exportError';

export type ExportPlanOptions = ShellScriptOptions;

const FILE_SUFFIX: Record<ExportFormat, string> = {
  sh: 'plan.sh',
  chzdev: 'chzdev.sh',
  mdevctl: 'mdevctl.sh',
  libvirt: 'libvirt.sh',
  kparm: 'kernel-params.txt',
  qemu: 'qemu-options.txt',
  lszcrypt: 'lszcrypt.txt',
  ansible: 'playbook.yml'
};

/** `apmatrix-<host>-plan.sh`: only [a-z0-9-] from the host's source. */
function fileName(host: HostState, format: ExportFormat): string {
  const src = String(host.source ?? 'host')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `apmatrix-${src || 'host'}-${FILE_SUFFIX[format]}`;
}

export function exportPlan(
  host: HostState,
  plan: Plan,
  format: ExportFormat,
  opts: ExportPlanOptions = {}
): { text: string; filename: string } {
  const text = (() => {
    switch (format) {
      case 'sh':
        return exportShellScript(host, plan, opts);
      case 'chzdev':
        return exportChzdev(host, plan, opts);
      case 'mdevctl':
        return exportMdevctl(host, plan, opts);
      case 'libvirt':
        return exportLibvirt(host, plan, opts);
      case 'kparm':
        return exportKernelParams(host, plan, opts);
      case 'qemu':
        return exportQemu(host, plan, opts);
      case 'lszcrypt':
        return formatLszcrypt(host);
      case 'ansible':
        // the end-state check needs the validated end state: a plan with a refused step has none
        if (!opts.expectedAfter)
          throw new ExportError('plan', 'an Ansible playbook needs a plan every step of which the kernel accepts (validate it first)');
        return exportAnsiblePlaybook(plan, [{ key: '*', host, after: opts.expectedAfter }], opts);
      default:
        throw new Error(`unknown export format ${JSON.stringify(format)}`);
    }
  })();
  return { text, filename: fileName(host, format) };
}
