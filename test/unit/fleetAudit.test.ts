/**
 * The fleet audit on kernel-model hosts read like real ones (dump + parse):
 * summaries, duplicates across hosts, failover readiness per running guest
 * and persistent-vs-active differences.
 */
import { describe, expect, it } from 'vitest';
import { auditFleet, worstSeverity, type FleetEntry } from '../../shared/fleet';
import { audit } from '../../shared/host/audit';
import { snapshotKernel } from '../../shared/host/snapshot';
import { buildScenario, createKernel, DEMO_UUIDS, mdev, type ScenarioData } from '../../shared/kernel';

function entry(name: string, sc: ScenarioData): FleetEntry {
  const host = snapshotKernel(createKernel(sc.state), sc, `demo:${name}`);
  return { name, target: `demo:${name}`, host, findings: audit(host), error: null };
}

/** The demo host with Guest1's mdev and guest removed: its queues are free there. */
function standby(keepGuest1Stopped = false): ScenarioData {
  const sc = buildScenario('demo');
  if (keepGuest1Stopped) {
    sc.state.mdevs.find((m) => m.uuid === DEMO_UUIDS.Guest1)!.attached = false;
    sc.guests.find((g) => g.name === 'Guest1')!.running = false;
  } else {
    sc.state.mdevs = sc.state.mdevs.filter((m) => m.uuid !== DEMO_UUIDS.Guest1);
    sc.guests = sc.guests.filter((g) => g.name !== 'Guest1');
    sc.mdevctl = sc.mdevctl.filter((d) => d.uuid !== DEMO_UUIDS.Guest1);
  }
  return sc;
}

const failed: FleetEntry = {
  name: 'kvm9',
  target: 'ssh:kvm9',
  host: null,
  findings: [],
  error: { code: 'connect-failed', message: 'cannot connect' }
};

describe('fleet summaries', () => {
  it('gives one line per read host and lists the failed ones with their reason', () => {
    const a = auditFleet([entry('default', buildScenario('default')), entry('demo', buildScenario('demo')), failed]);
    expect(a.summaries.map((s) => s.name)).toEqual(['default', 'demo']);
    const demo = a.summaries[1];
    expect(demo).toMatchObject({ cards: 5, mdevs: 3, runningGuests: ['Guest1'], guestsKnown: true });
    expect(demo.cardTypes).toBe('CEX8C, CEX7P, CEX6C, CEX5C, CEX5A');
    // 2 of today plus the 5 reboot findings of the planted persistent problems (Q1)
    expect(demo.findings).toEqual({ error: 1, warning: 7, info: 1 });
    // the 39 idle freed queues of the scenario (P4) minus the 4 on deconfigured card 02
    expect(demo.freeQueues).toBe(35);
    expect(a.failed).toEqual([{ name: 'kvm9', target: 'ssh:kvm9', error: failed.error }]);
  });
});

describe('cross-host findings', () => {
  it('reports an mdev UUID and a guest name found on two hosts', () => {
    const a = auditFleet([entry('kvm1', buildScenario('demo')), entry('kvm2', buildScenario('demo'))]);
    const mdev = a.findings.filter((f) => f.code === 'mdev-on-two-hosts');
    expect(mdev.map((f) => f.mdevs[0]).sort()).toEqual(Object.values(DEMO_UUIDS).sort());
    // Guest1 is running on both: its mdev is open twice, an error; the others are warnings
    expect(mdev.find((f) => f.mdevs[0] === DEMO_UUIDS.Guest1)!.severity).toBe('error');
    expect(mdev.find((f) => f.mdevs[0] === DEMO_UUIDS.Guest2)!.severity).toBe('warning');
    const g1 = a.findings.find((f) => f.code === 'guest-on-two-hosts' && f.guests[0] === 'Guest1')!;
    expect(g1.severity).toBe('error');
    expect(g1.hosts).toEqual(['kvm1', 'kvm2']);
    expect(worstSeverity(a)).toBe('error');
  });

  it('finds no duplicates between different scenarios', () => {
    const a = auditFleet([
      entry('default', buildScenario('default')),
      entry('demo', buildScenario('demo')),
      entry('legacy', buildScenario('legacy'))
    ]);
    expect(a.findings.filter((f) => f.code.endsWith('two-hosts'))).toEqual([]);
  });
});

describe('failover readiness', () => {
  it('names the hosts where the running guest’s queues are free on the same card types', () => {
    const a = auditFleet([entry('kvm1', buildScenario('demo')), entry('spare', standby()), entry('default', buildScenario('default'))]);
    const row = a.failover.find((r) => r.guest === 'Guest1')!;
    expect(row.host).toBe('kvm1');
    expect(row.cells.length).toBe(4); // 05,06 x 0004,00ab
    expect(row.readyOn).toEqual(['spare']);
    expect(row.blocked).toEqual([{ host: 'default', reason: '05.0004: no card 05 on default' }]);
    expect(a.findings.some((f) => f.code === 'guest-no-failover')).toBe(false);
  });

  it('says "nowhere" (a finding) when no other host can take the guest, with the reasons', () => {
    const a = auditFleet([entry('kvm1', buildScenario('demo')), entry('legacy', buildScenario('legacy'))]);
    expect(a.failover.find((r) => r.guest === 'Guest1')!.readyOn).toEqual([]);
    const f = a.findings.find((x) => x.code === 'guest-no-failover' && x.guests[0] === 'Guest1')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('could fail over nowhere');
    expect(f.message).toContain('no card 05 on legacy');
  });

  it('counts a standby copy of the same mdev (not in use) as ready, a card of another type as not', () => {
    const spare = entry('spare', standby(true));
    const a = auditFleet([entry('kvm1', buildScenario('demo')), spare]);
    expect(a.failover.find((r) => r.guest === 'Guest1')!.readyOn).toEqual(['spare']);
    spare.host!.cards.find((c) => c.id === 6)!.type = 'CEX7A';
    const b = auditFleet([entry('kvm1', buildScenario('demo')), spare]);
    expect(b.failover.find((r) => r.guest === 'Guest1')!.blocked[0].reason).toBe(
      '06.0004: card 06 is CEX7A on spare, the guest uses CEX5A'
    );
  });

  it('tells the reason when a queue is reserved for the host or held by another mdev', () => {
    const busy = standby();
    busy.state.mdevs.push(mdev('11111111-2222-3333-4444-555555555555', [0x05], [0xab]));
    const a = auditFleet([entry('kvm1', buildScenario('demo')), entry('busy', busy)]);
    expect(a.failover.find((r) => r.guest === 'Guest1')!.blocked[0].reason).toBe(
      '05.00ab is assigned to mdev 11111111-2222-3333-4444-555555555555 on busy'
    );
    const hostOwned = standby();
    hostOwned.state.apmask[0] |= 0x02; // adapter 06 and domain 0004 back to the host
    hostOwned.state.aqmask[0] |= 0x08;
    const b = auditFleet([entry('kvm1', buildScenario('demo')), entry('owned', hostOwned)]);
    expect(b.failover.find((r) => r.guest === 'Guest1')!.blocked[0].reason).toBe(
      '06.0004 is reserved for the host by apmask and aqmask on owned'
    );
  });
});

describe('persistent and active state', () => {
  it('flags a host whose mdevctl definitions differ from the active mdevs, by default', () => {
    const drift = buildScenario('demo');
    drift.mdevctl = drift.mdevctl.map((d) => (d.uuid === DEMO_UUIDS.Guest2 ? { ...d, attrs: d.attrs.slice(1) } : d));
    const a = auditFleet([entry('kvm1', drift), entry('kvm2', buildScenario('default'))]);
    const f = a.findings.filter((x) => x.code === 'persist-differs');
    expect(f.map((x) => x.hosts[0])).toEqual(['kvm1']);
  });

  it('takes a comparator (the next-boot state, once read) instead', () => {
    const a = auditFleet([entry('kvm1', buildScenario('default'))], { persistDiff: () => ['apmask 0x.. at boot'] });
    expect(a.findings.map((f) => f.code)).toEqual(['persist-differs']);
    const none = auditFleet([entry('kvm1', buildScenario('default'))], { persistDiff: () => null });
    expect(none.findings).toEqual([]);
  });
});
