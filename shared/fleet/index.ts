/** Many hosts: summaries, failover readiness and cross-host findings. */
export * from './types';
export { summarizeHost, countFreeQueues, isFreeForGuests, cardTypeText, severityCounts } from './summary';
export { failoverRows, blockReason, type ReadHost } from './failover';
export {
  duplicateGuests,
  duplicateMdevs,
  noFailover,
  persistDiffers,
  mdevctlPersistDiff,
  type PersistDiff,
  type ReadEntry
} from './crossHost';
export { auditFleet, sortFleetFindings, worstSeverity, type FleetAuditOptions } from './fleetAudit';
export { overviewOf, OVERVIEW_CODES, type FleetOverview } from './overview';
