/**
 * The fleet requests of the renderer contract: read many hosts (demo
 * scenarios, SSH aliases, an Ansible inventory) and re-read one of them.
 * Main keeps the last fleet read, so a re-read of one host recomputes the
 * cross-host findings with the others as they were.
 */
import type { FailoverRow, FleetFinding, FleetReadError, HostSummary } from '../fleet/types';
import type { FleetOverview } from '../fleet/overview';
import type { ConnectTarget, ScenarioName } from './contract';

export type FleetSource =
  | { kind: 'demo'; scenario: ScenarioName }
  | { kind: 'ssh'; host: string }
  /** an inventory file on the machine the app runs on; `limit`: a group or host name */
  | { kind: 'inventory'; path: string; limit?: string };

export interface FleetHostView {
  name: string;
  /** `ssh:kvm1`, `demo:default` */
  target: string;
  summary: HostSummary | null;
  error: FleetReadError | null;
  overview: FleetOverview | null;
  /** how the editor's connect reaches it; null when it cannot (connection values only in an inventory) */
  open: ConnectTarget | null;
}

export interface FleetView {
  hosts: FleetHostView[];
  failover: FailoverRow[];
  findings: FleetFinding[];
}

export interface FleetApi {
  readFleet(req: { sources: FleetSource[]; parallel?: number }): Promise<FleetView>;
  rereadFleetHost(req: { name: string }): Promise<FleetView>;
}

export const FLEET_METHODS = ['readFleet', 'rereadFleetHost'] as const;
