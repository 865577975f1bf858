/**
 * The router's fleet requests: read the hosts of the given sources (demo
 * scenarios, SSH aliases, inventory files) with the fleet reader, keep the
 * last fleet so one host can be re-read, and answer with the view the
 * fleet panel draws (summaries, overview pictures, failover, findings).
 */
import { readFile } from 'node:fs/promises';
import type { FleetHostView, FleetSource, FleetView } from '../../../shared/api/fleetContract';
import { validateRequest } from '../../../shared/api/validators';
import { auditFleet } from '../../../shared/fleet/fleetAudit';
import { overviewOf } from '../../../shared/fleet/overview';
import type { FleetEntry } from '../../../shared/fleet/types';
import { computeLayers } from '../../../shared/host/layers';
import type { SshPaths } from '../connections';
import { readFleet, readOne, type FleetReadOptions } from './fleetReader';
import { InventoryError, limitHosts, parseInventory } from './inventory';
import { demoTargets, inventoryTarget, sshTargets, type FleetTarget } from './targets';

export interface FleetServiceOptions {
  paths: SshPaths;
  remoteSysfsRoot?: string;
  remoteEtcRoot?: string;
}

async function targetsOf(sources: FleetSource[]): Promise<FleetTarget[]> {
  const out: FleetTarget[] = [];
  const demos = sources.flatMap((s) => (s.kind === 'demo' ? [s.scenario] : []));
  out.push(...demoTargets(demos));
  out.push(...sshTargets(sources.flatMap((s) => (s.kind === 'ssh' ? [s.host] : []))));
  for (const s of sources) {
    if (s.kind !== 'inventory') continue;
    let text: string;
    try {
      text = await readFile(s.path, 'utf8');
    } catch (e) {
      throw new Error(`cannot read the inventory ${s.path}: ${(e as Error).message}`, { cause: e });
    }
    try {
      out.push(...limitHosts(parseInventory(text, s.path), s.limit).map(inventoryTarget));
    } catch (e) {
      if (e instanceof InventoryError) throw new Error(e.message, { cause: e });
      throw e;
    }
  }
  // the first of two hosts with one name wins: names key the fleet
  const seen = new Set<string>();
  return out.filter((t) => !seen.has(t.name) && seen.add(t.name));
}

/** How the editor's connect request reaches a fleet host, when it can. */
function openTargetOf(t: FleetTarget): FleetHostView['open'] {
  if (t.kind === 'demo') return { kind: 'demo', scenario: t.scenario };
  if (t.kind === 'local') return { kind: 'local', root: t.root };
  const o = t.override;
  if (!o || (!o.hostName && !o.user && !o.port && !o.identityFile)) return { kind: 'ssh', host: t.host };
  // a name and user the editor can use; a port or key from the inventory alone it cannot
  if (o.port === undefined && o.identityFile === undefined)
    return { kind: 'ssh', host: `${o.user ? `${o.user}@` : ''}${o.hostName ?? t.host}` };
  return null;
}

function viewOf(targets: FleetTarget[], entries: FleetEntry[]): FleetView {
  const audit = auditFleet(entries);
  const summaries = new Map(audit.summaries.map((s) => [s.name, s]));
  const hosts = entries.map((e, i) => ({
    name: e.name,
    target: e.target,
    summary: summaries.get(e.name) ?? null,
    error: e.error,
    overview: e.host ? overviewOf(e.host, computeLayers(e.host)) : null,
    open: openTargetOf(targets[i])
  }));
  return { hosts, failover: audit.failover, findings: audit.findings };
}

export function createFleetService(o: FleetServiceOptions) {
  let last: { targets: FleetTarget[]; entries: FleetEntry[] } | null = null;
  const readOptions = (parallel?: number): FleetReadOptions => ({
    paths: o.paths,
    parallel,
    remoteSysfsRoot: o.remoteSysfsRoot,
    remoteEtcRoot: o.remoteEtcRoot
  });
  return {
    async readFleet(payload: unknown): Promise<FleetView> {
      const req = validateRequest('readFleet', payload) as { sources: FleetSource[]; parallel?: number };
      const targets = await targetsOf(req.sources);
      if (targets.length === 0) throw new Error('the sources name no host (an empty inventory or group?)');
      const entries = await readFleet(targets, readOptions(req.parallel));
      last = { targets, entries };
      return viewOf(targets, entries);
    },

    async rereadFleetHost(payload: unknown): Promise<FleetView> {
      const req = validateRequest('rereadFleetHost', payload) as { name: string };
      const i = last ? last.targets.findIndex((t) => t.name === req.name) : -1;
      if (!last || i < 0) throw new Error(`${req.name} is not a host of the fleet as last read: read the fleet again`);
      const entry = await readOne(last.targets[i], readOptions());
      last.entries[i] = entry;
      return viewOf(last.targets, last.entries);
    }
  };
}
