/**
 * `apmatrix fleet snapshot|audit|export`: many hosts read at once (bounded
 * concurrency, progress per host on a terminal), a table per host or JSON.
 * Exit status: snapshot 0, or 1 when a host could not be read; audit the
 * worst severity (0 none/info, 1 warning, 2 error) or 3 when a host could not
 * be read; export 0, or 1 when a host cannot take the plan.
 */
import { auditFleet, worstSeverity } from '../../../shared/fleet';
import type { FleetEntry } from '../../../shared/fleet/types';
import { UsageError } from '../cliArgs';
import { spinner } from '../cliTerminal';
import { FLEET_HOSTS_USAGE, parseFleetArgs, type FleetArgs } from './fleetArgs';
import { FleetExportError, fleetPlaybook, readFleetPlan } from './fleetExport';
import { readFleet } from './fleetReader';
import { auditText, summaryTable } from './fleetText';

export const FLEET_USAGE = `fleet snapshot|audit ${FLEET_HOSTS_USAGE} | fleet export PLAN --format ansible HOSTS`;

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : text + '\n');

async function read(a: FleetArgs): Promise<FleetEntry[]> {
  const tty = process.stderr.isTTY === true;
  const s = spinner(`reading ${a.targets.length} hosts`);
  const inFlight = new Set<string>();
  try {
    return await readFleet(a.targets, {
      paths: a.paths,
      parallel: a.parallel,
      acceptHostKeys: a.acceptHostKeys,
      remoteSysfsRoot: a.remoteSysfsRoot,
      remoteEtcRoot: a.remoteEtcRoot,
      onProgress: (p) => {
        if (p.state === 'reading') inFlight.add(p.name);
        else inFlight.delete(p.name);
        if (!tty) return;
        if (p.state !== 'reading') s.line(`${p.state === 'ok' ? 'read  ' : 'FAILED'} ${p.name}: ${p.detail}`);
        s.update(
          `reading ${p.done}/${p.total}${inFlight.size ? `: ${[...inFlight].slice(0, 4).join(', ')}${inFlight.size > 4 ? ' ...' : ''}` : ''}`
        );
      }
    });
  } finally {
    s.stop();
  }
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

export async function runFleet(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'snapshot' && sub !== 'audit' && sub !== 'export')
    throw new UsageError('use `fleet snapshot`, `fleet audit` or `fleet export PLAN --format ansible`');
  const a = parseFleetArgs(rest);
  if (sub === 'export') {
    if (a.format !== 'ansible')
      throw new UsageError(`fleet export writes --format ansible${a.format ? ` (not ${JSON.stringify(a.format)})` : ''}`);
    if (a.positional.length !== 1) throw new UsageError('give the plan FILE');
    const plan = await readFleetPlan(a.positional[0]).catch((e) => {
      throw e instanceof FleetExportError ? new UsageError(e.message) : e;
    });
    const entries = await read(a);
    try {
      out(fleetPlaybook(plan, entries));
      return 0;
    } catch (e) {
      if (!(e instanceof FleetExportError)) throw e;
      process.stderr.write(`apmatrix fleet export: ${e.message}\n`);
      return 1;
    }
  }
  if (a.format !== undefined) throw new UsageError('--format goes with fleet export');
  if (a.positional.length) throw new UsageError(`unexpected argument ${a.positional[0]}`);
  const entries = await read(a);
  const audit = auditFleet(entries);
  const failed = audit.failed.length > 0;
  if (sub === 'snapshot') {
    out(a.json ? JSON.stringify({ hosts: entries }, null, 2) : summaryTable(audit).join('\n'));
    return failed ? 1 : 0;
  }
  out(a.json ? JSON.stringify(audit, null, 2) : auditText(audit));
  if (failed) return 3;
  const worst = worstSeverity(audit);
  return worst ? RANK[worst] : 0;
}
