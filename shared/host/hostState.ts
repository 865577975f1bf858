/**
 * The typed picture of one host, as read from its sysfs (and, when readable,
 * libvirt and mdevctl files). Plain JSON: masks are kept in the sysfs text form
 * (`0x` + 64 hex digits) so a snapshot crosses IPC and HTTP unchanged; use
 * parseAbsoluteMask to compute with them.
 */
import type { Era } from '../kernel/types';
import type { CardMode } from '../ap/cardTypes';
import type { PersistentState } from '../persist/types';

/** `0x` + 64 lowercase hex digits */
export type MaskHex = string;

export interface CardInfo {
  id: number;
  /** compatible hwtype (10..14) and the real one */
  hwtype: number;
  rawHwtype: number;
  /** `CEX5C`, or null when no zcrypt card driver is bound */
  type: string | null;
  mode: CardMode;
  functions: number;
  depth: number;
  config: boolean;
  chkstop: boolean;
  /** null when the `online` attribute is absent */
  online: boolean | null;
  driver: string | null;
  requestCount: number | null;
  serialnr: string | null;
}

export type VfioQueueStatus = 'unassigned' | 'assigned' | 'in use';

export interface QueueInfo {
  adapter: number;
  domain: number;
  /** basename of the driver link, null when unbound */
  driver: string | null;
  online: boolean | null;
  /** vfio_ap `status` when bound to vfio_ap */
  status: VfioQueueStatus | null;
  config: boolean;
  chkstop: boolean;
  /** null when the kernel prints `-` */
  requestCount: number | null;
}

export interface MdevInfo {
  uuid: string;
  apm: MaskHex;
  aqm: MaskHex;
  adm: MaskHex;
  /** guest_matrix as adapters x domains (E2+), null when the file does not exist */
  guestApm: MaskHex | null;
  guestAqm: MaskHex | null;
  /** a guest has the mdev open: known from queue status `in use` or a running libvirt guest */
  attached: boolean;
}

export interface GuestInfo {
  name: string;
  /** mdev UUID the guest's `<hostdev model='vfio-ap'>` names */
  mdev: string;
  running: boolean;
  /** the file it was read from */
  file: string;
}

export interface MdevctlDefinition {
  uuid: string;
  start: 'auto' | 'manual';
  /** ordered attrs, e.g. [['assign_adapter','5'], ...] */
  attrs: Array<[string, string]>;
  file: string;
}

export interface ReadWarning {
  /** the file (or dump section) concerned */
  file: string;
  reason: string;
}

export interface HostState {
  /** where it was read: `demo:default`, `local:/sys`, `ssh:host` */
  source: string;
  readAt: string;
  era: Era;
  /** `features` of bus/ap and of the matrix device, as read */
  busFeatures: string[];
  matrixFeatures: string[];
  maxAdapter: number;
  maxDomain: number;
  lpar: { adapters: MaskHex; usageDomains: MaskHex; controlDomains: MaskHex };
  apmask: MaskHex;
  aqmask: MaskHex;
  apDomain: number;
  vfioLoaded: boolean;
  cards: CardInfo[];
  queues: QueueInfo[];
  mdevs: MdevInfo[];
  guests: GuestInfo[];
  mdevctl: MdevctlDefinition[];
  /**
   * Whether the libvirt domain directories and the mdevctl directory could be
   * listed. When false (not installed, not readable, simulated without them),
   * empty `guests` / `mdevctl` mean "unknown", not "none". Absent = unknown.
   */
  readable?: { libvirt: boolean; mdevctl: boolean };
  warnings: ReadWarning[];
  /** the persistent configuration (udev rule, kernel parameters, mdevctl definitions); undefined = not read or none found */
  persist?: PersistentState;
  /** a digest of every value a plan may depend on; apply refuses when it changed */
  fingerprint: string;
}
