/**
 * Scenario contents (issue 2 item 4; docs/kernel-model.md §11) and their planted problems.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_UUIDS, FULL_MDEVS, LEGACY_UUIDS, SCENARIO_NAMES, buildScenario, createKernel } from '../../shared/kernel';
import { MATRIX, TYPE, lines, mdevFile } from './kernelHelpers';

const F = 'f'.repeat(64);

describe('scenarios', () => {
  it('unknown scenario names throw an Error naming the known ones', () => {
    expect(() => buildScenario('nope')).toThrow(/default, demo, legacy, full/);
    expect(SCENARIO_NAMES).toEqual(['default', 'demo', 'legacy', 'full']);
  });

  it('each call builds a fresh state', () => {
    const a = buildScenario('demo');
    const b = buildScenario('demo');
    expect(a.state).not.toBe(b.state);
    expect(a.state.apmask).not.toBe(b.state.apmask);
  });

  it('§11 default: E3, max 255/84, cards 00 CEX8C, 01 CEX8A, 02 CEX7P, 03 CEX6C, domains 0x00-0x0f, masks all ones, no mdevs', () => {
    const d = buildScenario('default');
    const k = createKernel(d.state);
    expect(d.state.era).toBe('E3');
    expect(k.read('bus/ap/ap_max_adapter_id')).toBe('255\n');
    expect(k.read('bus/ap/ap_max_domain_id')).toBe('84\n');
    expect(['card00', 'card01', 'card02', 'card03'].map((c) => k.read(`devices/ap/${c}/type`).trim())).toEqual([
      'CEX8C',
      'CEX8A',
      'CEX7P',
      'CEX6C'
    ]);
    expect(['card00', 'card01', 'card02', 'card03'].map((c) => k.read(`devices/ap/${c}/hwtype`).trim())).toEqual(['14', '14', '13', '12']);
    expect(['card00', 'card01', 'card02', 'card03'].map((c) => k.read(`devices/ap/${c}/online`).trim())).toEqual(['1', '1', '1', '1']);
    expect(k.read('bus/ap/ap_usage_domain_mask')).toBe('0xffff' + '0'.repeat(60) + '\n');
    expect(k.read('bus/ap/ap_control_domain_mask')).toBe('0xffff' + '0'.repeat(60) + '\n');
    expect(k.read('bus/ap/apmask')).toBe(`0x${F}\n`);
    expect(k.read('bus/ap/aqmask')).toBe(`0x${F}\n`);
    expect(k.list(`${TYPE}/devices`)).toEqual([]);
    expect(d.guests).toEqual([]);
    expect(d.mdevctl).toEqual([]);
  });

  it('§11 demo: three doc guests in order, cards 05 CEX5C and 06 CEX5A hwtype 11, the doc masks plus 3f', () => {
    const d = buildScenario('demo');
    const k = createKernel(d.state);
    expect(d.state.mdevs.map((m) => m.uuid)).toEqual([DEMO_UUIDS.Guest1, DEMO_UUIDS.Guest2, DEMO_UUIDS.Guest3]);
    expect(DEMO_UUIDS.Guest1).toBe('62177883-f1bb-47f0-914d-32a22e3a8804');
    expect(d.guests.map((g) => [g.name, g.mdev, g.running])).toEqual([
      ['Guest1', DEMO_UUIDS.Guest1, true],
      ['Guest2', DEMO_UUIDS.Guest2, false],
      ['Guest3', DEMO_UUIDS.Guest3, false]
    ]);
    expect(d.state.mdevs.map((m) => m.attached)).toEqual([true, false, false]);
    expect(k.read('devices/ap/card05/type')).toBe('CEX5C\n');
    expect(k.read('devices/ap/card06/type')).toBe('CEX5A\n');
    expect(k.read('devices/ap/card05/hwtype')).toBe('11\n');
    expect(k.read('devices/ap/card00/type')).toBe('CEX8C\n');
    expect(k.read('devices/ap/card01/type')).toBe('CEX7P\n');
    expect(k.read('devices/ap/card02/config')).toBe('0\n');
    expect(k.read('bus/ap/aqmask')).toBe('0xf7fffffffffffffffeffffffffffffffffffffffffeffffffffffffffffffffe\n');
    expect(k.read(mdevFile(DEMO_UUIDS.Guest1, 'matrix'))).toBe('05.0004\n05.00ab\n06.0004\n06.00ab\n');
    expect(d.mdevctl.map((m) => m.uuid)).toEqual(d.state.mdevs.map((m) => m.uuid));
    expect(d.mdevctl[0].attrs).toEqual([
      ['assign_adapter', '0x05'],
      ['assign_adapter', '0x06'],
      ['assign_domain', '0x0004'],
      ['assign_domain', '0x00ab'],
      ['assign_control_domain', '0x0004'],
      ['assign_control_domain', '0x00ab']
    ]);
  });

  it('demo planted problems P1-P4 are exactly as documented in scenarios/README.md', () => {
    const k = createKernel(buildScenario('demo').state);
    const byStatus: Record<string, string[]> = {};
    for (const q of k.list('bus/ap/devices').filter((n) => n.includes('.'))) {
      const drv = k.list(`bus/ap/devices/${q}`).includes('driver')
        ? k.stat(`bus/ap/devices/${q}/driver`).target!.split('/').pop()!
        : 'none';
      const key = drv === 'vfio_ap' ? k.read(`bus/ap/devices/${q}/status`).trim() : drv;
      (byStatus[key] ??= []).push(q);
    }
    // P1: the only assigned queue in the host pool
    const assigned = new Set(k.state.mdevs.flatMap((m) => lines(k.read(`${MATRIX}/${m.uuid}/matrix`))));
    expect(byStatus.cex4queue.filter((q) => assigned.has(q))).toEqual(['01.000e']);
    // P2: adapter 01 dropped from Guest2; P3: 3f not in Guest3's guest_matrix
    expect(k.read(mdevFile(DEMO_UUIDS.Guest2, 'guest_matrix'))).toBe('05.000e\n05.0047\n05.00ff\n');
    expect(k.read(mdevFile(DEMO_UUIDS.Guest3, 'matrix'))).toBe('06.0047\n06.00ff\n3f.0047\n3f.00ff\n');
    expect(k.read(mdevFile(DEMO_UUIDS.Guest3, 'guest_matrix'))).toBe('06.0047\n06.00ff\n');
    expect(k.read('bus/ap/ap_adapter_mask')).toBe('0xe6' + '0'.repeat(62) + '\n');
    // P4: 39 idle freed queues
    expect(byStatus.unassigned.length).toBe(39);
    expect(byStatus['in use']).toEqual(['05.0004', '05.00ab', '06.0004', '06.00ab']);
    expect(byStatus.none).toBeUndefined();
    // no overlaps; every usage domain is a control domain of its mdev
    for (const m of k.state.mdevs)
      expect(k.read(mdevFile(m.uuid, 'control_domains')).replace(/\n/g, '')).toBe(
        lines(k.read(mdevFile(m.uuid, 'matrix')))[0]
          ? [...new Set(lines(k.read(mdevFile(m.uuid, 'matrix'))).map((q) => q.slice(3)))].sort().join('')
          : ''
      );
  });

  it('legacy: E1 (5.15), a running guest, and 0a.0006 assigned but handed back to the host', () => {
    const d = buildScenario('legacy');
    const k = createKernel(d.state);
    expect(d.state.era).toBe('E1');
    expect(d.state.release).toMatch(/^5\.15/);
    expect(d.guests.filter((g) => g.running).map((g) => g.mdev)).toEqual([LEGACY_UUIDS.LegacyGuest1]);
    expect(k.read(mdevFile(LEGACY_UUIDS.LegacyGuest2, 'matrix'))).toBe('0a.0006\n');
    expect(k.stat('bus/ap/devices/0a.0006/driver').target).toContain('cex4queue');
    expect(k.list(`${MATRIX}/${LEGACY_UUIDS.LegacyGuest1}`)).not.toContain('guest_matrix');
  });

  it('full: max 255/255, 65,536 queues, 64 mdevs without overlaps', () => {
    const d = buildScenario('full');
    const k = createKernel(d.state);
    expect(k.read('bus/ap/ap_max_domain_id')).toBe('255\n');
    expect(k.read('bus/ap/bindings')).toBe('65536/65536 (complete)\n');
    expect(k.list(`${TYPE}/devices`).length).toBe(FULL_MDEVS);
    expect(k.read(`${TYPE}/available_instances`)).toBe(`${65536 - 64}\n`);
    expect(d.guests.length).toBe(64);
    const all = d.state.mdevs.flatMap((m) => lines(k.read(mdevFile(m.uuid, 'matrix'))));
    expect(new Set(all).size).toBe(all.length);
    expect(k.read(mdevFile(d.state.mdevs[0].uuid, 'guest_matrix'))).toBe(k.read(mdevFile(d.state.mdevs[0].uuid, 'matrix')));
  });

  it('era override: buildScenario(name, era) sets the era and the release', () => {
    expect(buildScenario('default', 'E1').state.era).toBe('E1');
    expect(buildScenario('default', 'E1').state.release).toMatch(/^5\.15/);
    expect(buildScenario('legacy', 'E3').state.era).toBe('E3');
  });
});
