/**
 * What a wrapper (the Ansible playbook) needs to know about the exported plan
 * script's command line and results, in ONE place. The script contract
 * (exit 0 done or already applied with the status line `ALREADY`, 3 host
 * changed, `--dry-run`, `--machine`, `--lock PATH`, `--sysfs-root DIR`) is
 * owned by shellScript.ts; scripts without `--lock` still read AP_LOCK from
 * the environment, so the wrapper asks the script text which one it speaks.
 */

/** The script's own default lock path (s390-tools' AP configuration lock). */
export const DEFAULT_AP_LOCK = '/run/lock/s390apconfig.lock';

/** The machine status line of a run that found the host already in the plan's end state. */
export const ALREADY_LINE = 'ALREADY';

/** The machine status line of a completed apply. */
export const DONE_LINE = 'DONE';

export interface ScriptCli {
  /** the script takes `--lock PATH` (else AP_LOCK in the environment) */
  lockOption: boolean;
  /** the script takes `--sysfs-root DIR` (SYSFS_ROOT in the environment works either way) */
  sysfsRootOption: boolean;
}

export function scriptCli(script: string): ScriptCli {
  return {
    lockOption: /^\s*--lock\)/m.test(script) || /^\s*--lock\|/m.test(script),
    sysfsRootOption: /^\s*--sysfs-root\)/m.test(script) || /^\s*--sysfs-root\|/m.test(script)
  };
}
