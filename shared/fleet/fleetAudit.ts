/**
 * The fleet audit: host summaries, read failures, failover table and the
 * cross-host findings, from the entries of a fleet read.
 */
import { computeLayers } from '../host/layers';
import type { Severity } from '../api/contract';
import {
  duplicateGuests,
  duplicateMdevs,
  mdevctlPersistDiff,
  noFailover,
  persistDiffers,
  type PersistDiff,
  type ReadEntry
} from './crossHost';
import { failoverRows, type ReadHost } from './failover';
import { summarizeHost } from './summary';
import type { FleetAudit, FleetEntry, FleetFinding } from './types';

export interface FleetAuditOptions {
  persistDiff?: PersistDiff;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFleetFindings(fs: FleetFinding[]): FleetFinding[] {
  return fs.sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : 1)
  );
}

export function auditFleet(entries: FleetEntry[], opts: FleetAuditOptions = {}): FleetAudit {
  const read: Array<ReadEntry & ReadHost> = [];
  const failed: FleetAudit['failed'] = [];
  for (const e of entries) {
    if (e.host) read.push({ name: e.name, host: e.host, findings: e.findings, layers: computeLayers(e.host) });
    else failed.push({ name: e.name, target: e.target, error: e.error ?? { code: 'read-failed', message: 'not read' } });
  }
  const summaries = read.map((r) => summarizeHost(r.name, r.host, r.findings, r.layers));
  const failover = failoverRows(read);
  const findings = sortFleetFindings([
    ...duplicateMdevs(read),
    ...duplicateGuests(read),
    ...noFailover(failover, read.length),
    ...persistDiffers(read, opts.persistDiff ?? mdevctlPersistDiff)
  ]);
  return { summaries, failed, failover, findings };
}

/** The worst severity among the fleet's host and cross-host findings, or null (exit status of `fleet audit`). */
export function worstSeverity(audit: FleetAudit): Severity | null {
  let worst: Severity | null = null;
  const consider = (s: Severity) => {
    if (worst === null || RANK[s] < RANK[worst]) worst = s;
  };
  for (const s of audit.summaries) for (const k of ['error', 'warning', 'info'] as const) if (s.findings[k] > 0) consider(k);
  for (const f of audit.findings) consider(f.severity);
  return worst;
}
