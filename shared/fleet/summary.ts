/**
 * One line per host for the fleet table: cards, queues free for guests, mdevs,
 * running guests and findings by severity.
 */
import type { Finding, Severity } from '../api/contract';
import type { HostState } from '../host/hostState';
import { computeLayers, LPAR_CONFIGURED, type Layers } from '../host/layers';
import type { HostSummary } from './types';

/** A cell a guest could be given without touching the host masks or another mdev. */
export function isFreeForGuests(layers: Layers, cell: number): boolean {
  return layers.lpar[cell] === LPAR_CONFIGURED && layers.host[cell] === 0 && layers.mdevOwner[cell] === 0;
}

export function countFreeQueues(layers: Layers): number {
  let n = 0;
  for (let c = 0; c < layers.lpar.length; c++) if (isFreeForGuests(layers, c)) n++;
  return n;
}

/** `CEX8C x2, CEX7P`: card types in id order, repeated ones counted. */
export function cardTypeText(host: HostState): string {
  const counts = new Map<string, number>();
  for (const c of [...host.cards].sort((a, b) => a.id - b.id)) {
    const t = c.type ?? 'unknown';
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts].map(([t, n]) => (n > 1 ? `${t} x${n}` : t)).join(', ');
}

export function runningGuests(host: HostState): string[] {
  return host.guests
    .filter((g) => g.running)
    .map((g) => g.name)
    .sort();
}

export function severityCounts(findings: Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

export function summarizeHost(name: string, host: HostState, findings: Finding[], layers: Layers = computeLayers(host)): HostSummary {
  return {
    name,
    source: host.source,
    era: host.era,
    cards: host.cards.length,
    cardTypes: cardTypeText(host),
    freeQueues: countFreeQueues(layers),
    mdevs: host.mdevs.length,
    runningGuests: runningGuests(host),
    guestsKnown: host.readable?.libvirt !== false,
    findings: severityCounts(findings)
  };
}
