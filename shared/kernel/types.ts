/**
 * The kernel model's state and its sysfs-shaped API (docs/kernel-model.md §12).
 * Scenarios are data of this shape; the model's read/write/list/stat act on it
 * exactly as the AP bus and vfio_ap sysfs files do on a real host.
 */
import type { Mask } from '../ap/mask';

/** E1 = 5.15 static vfio_ap; E3 = 6.10+ dynamic with ap_config (the default). */
export type Era = 'E1' | 'E3';

export interface CardState {
  id: number;
  /** real type from TAPQ (raw_hwtype); hwtype shows the compatible type */
  rawType: number;
  /** ap_functions bits (mode: CCA, accelerator, EP11) */
  functions: number;
  /** queue depth field, 0-based */
  depth: number;
  /** SCLP configured (card `config`) */
  config: boolean;
  chkstop: boolean;
  /** zcrypt soft online state of the card */
  online: boolean;
  serialnr?: string;
}

export interface Apcb {
  apm: Mask;
  aqm: Mask;
  adm: Mask;
}

export interface MdevState {
  uuid: string; // lowercase
  /** assigned matrix */
  apm: Mask;
  aqm: Mask;
  adm: Mask;
  /** shadow APCB = guest_matrix (§7), E3 only; ignored in E1 */
  shadow: Apcb;
  /** a guest (KVM) has the mdev open */
  attached: boolean;
}

export interface KernelState {
  era: Era;
  /** `uname -r`-like, for display */
  release: string;
  maxAdapter: number;
  maxDomain: number;
  /** LPAR (QCI) configuration: adapters, usage domains, control domains */
  adapters: Mask;
  usageDomains: Mask;
  controlDomains: Mask;
  /** the cards of the LPAR adapters, by id; adapters without an entry have no device */
  cards: CardState[];
  /** host reservation masks (§2.1) */
  apmask: Mask;
  aqmask: Mask;
  vfioLoaded: boolean;
  /** default domain, -1 if none (§2 ap_domain) */
  apDomain: number;
  /** mdevs in creation order (decides the "first" holder in conflicts) */
  mdevs: MdevState[];
  /** queues (cells) soft-offline in zcrypt */
  offlineQueues: number[];
  /** queues manually unbound from their driver (§4.3), cells */
  unbound: number[];
  configTime: number;
  pollThread: boolean;
  pollTimeout: number;
  scans: number;
  /** kernel log lines (dmesg), newest last */
  log: string[];
}

/** What `stat` returns for a sysfs path. */
export interface SysfsStat {
  kind: 'file' | 'dir' | 'symlink';
  /** permission bits, e.g. 0o644, 0o200, 0o444, 0o755 */
  mode: number;
  /** for symlinks: the relative target as readlink prints it */
  target?: string;
}

/**
 * The kernel model seen as sysfs: paths are relative to the sysfs root
 * (`bus/ap/apmask`, `devices/vfio_ap/matrix/<uuid>/assign_adapter`).
 * Errors are KernelError with `code` the errno name.
 */
export interface Sysfs {
  read(path: string): string;
  /**
   * One write(2): stores at most one page (SYSFS_PAGE) and returns the bytes
   * it took, so a longer `data` is cut like kernfs cuts it (use writeAll to
   * send the rest as further stores); throws KernelError.
   */
  write(path: string, data: string): number;
  list(dir: string): string[];
  stat(path: string): SysfsStat;
}

/**
 * Simulated events (§7.4). adapter-add creates a card entry when none exists
 * (default raw type 14, CCA functions); domain-add adds a usage domain and, unless
 * `control` is false, the same control domain (LPAR usage domains are control
 * domains too); domain-remove removes both. Unknown mdev → ENOENT, unknown card → ENODEV.
 */
export type KernelEvent =
  | { kind: 'guest-start'; uuid: string }
  | { kind: 'guest-stop'; uuid: string }
  | { kind: 'adapter-add'; id: number; rawType?: number; functions?: number }
  | { kind: 'adapter-remove'; id: number }
  | { kind: 'domain-add'; id: number; control?: boolean }
  | { kind: 'domain-remove'; id: number }
  | { kind: 'card-config'; id: number; config: boolean };
