/**
 * The fleet as text for a terminal: one table row per host, the hosts that
 * could not be read with their reason, the failover table and the
 * cross-host findings.
 */
import { formatApqn } from '../../../shared/ap';
import type { FleetAudit, HostSummary } from '../../../shared/fleet/types';

function table(head: string[], rows: string[][]): string[] {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

function findingsText(s: HostSummary): string {
  const f = s.findings;
  if (f.error + f.warning + f.info === 0) return 'none';
  return [
    f.error && `${f.error} error${f.error > 1 ? 's' : ''}`,
    f.warning && `${f.warning} warning${f.warning > 1 ? 's' : ''}`,
    f.info && `${f.info} info`
  ]
    .filter(Boolean)
    .join(', ');
}

export function summaryTable(a: Pick<FleetAudit, 'summaries' | 'failed'>): string[] {
  const rows = a.summaries.map((s) => [
    s.name,
    s.source,
    s.era,
    `${s.cards}${s.cardTypes ? ` (${s.cardTypes})` : ''}`,
    String(s.freeQueues),
    String(s.mdevs),
    s.guestsKnown ? s.runningGuests.join(', ') || '-' : 'unknown',
    findingsText(s)
  ]);
  const out = table(['HOST', 'SOURCE', 'ERA', 'CARDS', 'FREE QUEUES', 'MDEVS', 'RUNNING GUESTS', 'FINDINGS'], rows);
  if (a.failed.length) {
    out.push('', `Not read (${a.failed.length}):`);
    for (const f of a.failed) out.push(`  ${f.name} (${f.target}): ${f.error.code}: ${f.error.message}`);
  }
  return out;
}

export function auditText(a: FleetAudit): string {
  const out = summaryTable(a);
  out.push('', 'Failover readiness (running guests):');
  if (a.failover.length === 0) out.push('  no running guest with crypto queues');
  else {
    const rows = a.failover.map((r) => [
      r.guest,
      r.host,
      `${r.cells.length} (${r.cells
        .slice(0, 3)
        .map((c) => formatApqn(c >>> 8, c & 0xff))
        .join(', ')}${r.cells.length > 3 ? ', ...' : ''})`,
      r.readyOn.length ? r.readyOn.join(', ') : 'nowhere'
    ]);
    out.push(...table(['GUEST', 'ON HOST', 'QUEUES', 'COULD MOVE TO'], rows).map((l) => '  ' + l));
  }
  out.push('', `Cross-host findings (${a.findings.length}):`);
  if (a.findings.length === 0) out.push('  none');
  for (const f of a.findings) out.push(`  ${f.severity.padEnd(7)} ${f.code}: ${f.message}`);
  return out.join('\n');
}
