/**
 * The fleet: many hosts read at once. Each entry is a host as read (state and
 * audit findings) or the reason it could not be read; summaries and
 * cross-host findings are computed from the read ones only.
 */
import type { Finding, Severity } from '../api/contract';
import type { HostState } from '../host/hostState';

/** Why a host could not be read: a stable code and a sentence for people. */
export interface FleetReadError {
  /** a TransportError code (`connect-failed`, `host-key-changed` ...), `not-s390` or `read-failed` */
  code: string;
  message: string;
}

export interface FleetEntry {
  /** how the user named the host: inventory name, ssh alias, `demo:default` */
  name: string;
  /** where it was read from, e.g. `ssh:kvm1` (also for failed hosts) */
  target: string;
  host: HostState | null;
  findings: Finding[];
  error: FleetReadError | null;
}

export interface HostSummary {
  name: string;
  source: string;
  era: string;
  cards: number;
  /** `CEX8C x2, CEX7P` */
  cardTypes: string;
  /** usage queues in the LPAR, on a configured card, in the vfio_ap pool and in no mdev */
  freeQueues: number;
  mdevs: number;
  runningGuests: string[];
  /** false when the libvirt files could not be listed (then no guest list is known) */
  guestsKnown: boolean;
  findings: Record<Severity, number>;
}

export type FleetFindingCode = 'mdev-on-two-hosts' | 'guest-on-two-hosts' | 'guest-no-failover' | 'persist-differs';

export interface FleetFinding {
  code: FleetFindingCode;
  severity: Severity;
  message: string;
  /** host names concerned */
  hosts: string[];
  mdevs: string[];
  guests: string[];
}

/** Failover readiness of one running guest. */
export interface FailoverRow {
  guest: string;
  host: string;
  mdev: string;
  /** the queues the guest really has (its guest matrix), as cells adapter * 256 + domain */
  cells: number[];
  /** other read hosts where every one of those queues is free on a card of the same type and mode */
  readyOn: string[];
  /** the other read hosts that cannot take it, each with the first reason */
  blocked: Array<{ host: string; reason: string }>;
}

export interface FleetAudit {
  summaries: HostSummary[];
  failed: Array<{ name: string; target: string; error: FleetReadError }>;
  failover: FailoverRow[];
  findings: FleetFinding[];
}
