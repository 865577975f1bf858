/**
 * The persistent AP configuration of a host: what comes back after a reboot
 * (docs/host-tools.md §2.2 chzdev's udev rule, §3.5/§4 mdevctl definitions, and the
 * `ap.apmask=` / `ap.aqmask=` kernel parameters, docs/kernel-model.md §1.3).
 * Plain JSON like HostState: masks in the sysfs text form (`0x` + 64 hex digits).
 */
import type { MaskHex, MdevctlDefinition } from '../host/hostState';

/** A mask pair as one source sets it: null = that source does not set this mask. */
export interface MaskSource {
  apmask: MaskHex | null;
  aqmask: MaskHex | null;
  /** the logical file it came from (`/etc/udev/rules.d/41-ap.rules`, `/proc/cmdline`, `/etc/zipl.conf`) */
  file: string;
}

export interface PersistentState {
  /** chzdev's `/etc/udev/rules.d/41-ap.rules`; null when the file does not exist */
  udevRule: MaskSource | null;
  /** the parameters the host booted with (`/proc/cmdline`); null when not read */
  bootParams: MaskSource | null;
  /** the parameters configured for the next boot (zipl.conf or /etc/kernel/cmdline); null when none was found */
  configuredParams: MaskSource | null;
  /** mdevctl definitions (`/etc/mdevctl.d/matrix/<uuid>`), byte order of the uuid, attrs in file order */
  definitions: MdevctlDefinition[];
  /** which parts could be read: false means unknown, not "none" */
  readable: { udevRule: boolean; mdevctl: boolean };
}

/** Logical paths of the persistent files, as the dump names them. */
export const UDEV_RULE_FILE = '/etc/udev/rules.d/41-ap.rules';
export const PROC_CMDLINE_FILE = '/proc/cmdline';
export const ZIPL_CONF_FILE = '/etc/zipl.conf';
export const KERNEL_CMDLINE_FILE = '/etc/kernel/cmdline';
export const MDEVCTL_MATRIX_DIR = '/etc/mdevctl.d/matrix';
