/**
 * Findings only a fleet shows: the same mdev UUID or guest name on two hosts,
 * running guests with nowhere to fail over to, and hosts whose persistent
 * configuration differs from what is active now.
 */
import type { Finding } from '../api/contract';
import type { HostState } from '../host/hostState';
import { joinAnd } from '../host/auditText';
import { PERSIST_AUDIT_CODES } from '../host/auditPersist';
import type { FailoverRow, FleetFinding } from './types';

export interface ReadEntry {
  name: string;
  host: HostState;
  findings: Finding[];
}

/**
 * The differences between a host's persistent and active state, in words, or
 * null when the persistent side was not read. The default takes the host
 * audit's own findings: mdevctl definitions not active or differing, and what
 * the next boot (shared/persist nextBoot) would change (masks, mdevs lost,
 * definitions refused, guests losing queues).
 */
export type PersistDiff = (e: ReadEntry) => string[] | null;

const PERSIST_CODES = new Set<string>(['mdevctl-not-active', 'mdevctl-differs', ...PERSIST_AUDIT_CODES]);

export const mdevctlPersistDiff: PersistDiff = (e) => {
  if (e.host.readable?.mdevctl === false) return null;
  return e.findings.filter((f) => PERSIST_CODES.has(f.code)).map((f) => f.message);
};

function byKey<T>(entries: ReadEntry[], keys: (e: ReadEntry) => Array<[string, T]>): Map<string, Array<{ name: string; value: T }>> {
  const out = new Map<string, Array<{ name: string; value: T }>>();
  for (const e of entries) {
    const seen = new Set<string>();
    for (const [k, value] of keys(e)) {
      if (seen.has(k)) continue; // one host counts once per key
      seen.add(k);
      const list = out.get(k) ?? [];
      list.push({ name: e.name, value });
      out.set(k, list);
    }
  }
  return out;
}

export function duplicateMdevs(entries: ReadEntry[]): FleetFinding[] {
  const out: FleetFinding[] = [];
  for (const [uuid, on] of byKey(entries, (e) => e.host.mdevs.map((m) => [m.uuid, m.attached] as [string, boolean]))) {
    if (on.length < 2) continue;
    const open = on.filter((x) => x.value).map((x) => x.name);
    const hosts = on.map((x) => x.name);
    out.push({
      code: 'mdev-on-two-hosts',
      severity: open.length > 1 ? 'error' : 'warning',
      message:
        open.length > 1
          ? `mdev ${uuid} is in use on ${joinAnd(open)} at the same time; two guests share one device identity, and libvirt or a migration will pick the wrong one.`
          : `mdev ${uuid} exists on ${joinAnd(hosts)}; fine for a standby copy, but a guest started on both would claim the same device identity twice.`,
      hosts,
      mdevs: [uuid],
      guests: []
    });
  }
  return out;
}

export function duplicateGuests(entries: ReadEntry[]): FleetFinding[] {
  const out: FleetFinding[] = [];
  for (const [name, on] of byKey(entries, (e) => e.host.guests.map((g) => [g.name, g.running] as [string, boolean]))) {
    if (on.length < 2) continue;
    const running = on.filter((x) => x.value).map((x) => x.name);
    const hosts = on.map((x) => x.name);
    out.push({
      code: 'guest-on-two-hosts',
      severity: running.length > 1 ? 'error' : 'info',
      message:
        running.length > 1
          ? `Guest ${name} is running on ${joinAnd(running)}: two instances of one guest use crypto queues at once.`
          : `Guest ${name} is defined on ${joinAnd(hosts)}${running.length ? ` (running on ${running[0]})` : ''}.`,
      hosts,
      mdevs: [],
      guests: [name]
    });
  }
  return out;
}

export function noFailover(rows: FailoverRow[], hostCount: number): FleetFinding[] {
  if (hostCount < 2) return [];
  return rows
    .filter((r) => r.readyOn.length === 0)
    .map((r) => ({
      code: 'guest-no-failover' as const,
      severity: 'warning' as const,
      message: `Guest ${r.guest} on ${r.host} (${r.cells.length} queue${r.cells.length === 1 ? '' : 's'}) could fail over nowhere: ${r.blocked.map((b) => b.reason).join('; ')}.`,
      hosts: [r.host, ...r.blocked.map((b) => b.host)],
      mdevs: [r.mdev],
      guests: [r.guest]
    }));
}

export function persistDiffers(entries: ReadEntry[], diff: PersistDiff): FleetFinding[] {
  const out: FleetFinding[] = [];
  for (const e of entries) {
    const d = diff(e);
    if (!d || d.length === 0) continue;
    out.push({
      code: 'persist-differs',
      severity: 'warning',
      message: `${e.name}: the persistent configuration differs from the active state (${d.length} difference${d.length === 1 ? '' : 's'}); a reboot would change it. ${d[0]}`,
      hosts: [e.name],
      mdevs: [],
      guests: []
    });
  }
  return out;
}
