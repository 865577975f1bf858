/**
 * E1 (5.15, static vfio_ap) and the era matrix (docs/kernel-model.md §6.4, §10).
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, createKernel } from '../../shared/kernel';
import { MATRIX, U1, U2, createMdev, docHost, echo, expectErrno, host, mdevFile, mdevWith } from './kernelHelpers';

const SIX = ['assign_adapter', 'unassign_adapter', 'assign_domain', 'unassign_domain', 'assign_control_domain', 'unassign_control_domain'];

describe('§6.4 E1 writes', () => {
  it('§6.4 every assign/unassign fails with EBUSY while a guest is attached, before parsing', () => {
    const k = docHost('E1');
    mdevWith(k, U1, [5], [4]);
    k.event({ kind: 'guest-start', uuid: U1 });
    for (const f of SIX) expect(echo(k, mdevFile(U1, f), 'garbage', '999'), f).toEqual(['EBUSY', 'EBUSY']);
    k.event({ kind: 'guest-stop', uuid: U1 });
    expect(echo(k, mdevFile(U1, 'assign_adapter'), 'garbage', '999', '6')).toEqual(['EINVAL', 'ENODEV', 'ok']);
  });

  it('§6.4 assign_adapter with no domains: some queue a.* must be bound to vfio_ap, else EADDRNOTAVAIL', () => {
    const k = host({ era: 'E1', aqmask: '-4' }); // only column 4 is alternate
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '5', '0x3f')).toEqual(['ok', 'EADDRNOTAVAIL']);
    const k2 = host({ era: 'E1' }); // nothing freed
    createMdev(k2, U1);
    expect(echo(k2, mdevFile(U1, 'assign_adapter'), '5')).toEqual(['EADDRNOTAVAIL']);
  });

  it('§6.4 with domains: every (a,d) must be a queue bound to vfio_ap (no over-provisioning)', () => {
    const k = host({ era: 'E1', apmask: '-5,-6,-0x3f', aqmask: '-0x33' });
    mdevWith(k, U1, [], [4]);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '0x3f', '5')).toEqual(['EADDRNOTAVAIL', 'ok']);
    expect(echo(k, mdevFile(U1, 'assign_domain'), '0x33')).toEqual(['EADDRNOTAVAIL']); // 05.0033 does not exist
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0004');
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '6')).toEqual(['EADDRNOTAVAIL']);
  });

  it('§6.4 assign_domain with no adapters: some queue *.d bound to vfio_ap', () => {
    const k = host({ era: 'E1', apmask: '-5' });
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'assign_domain'), '4', '0x33')).toEqual(['ok', 'EADDRNOTAVAIL']);
  });

  it('§6.4 sharing: EADDRINUSE without a log line, and the bit is removed again', () => {
    const k = docHost('E1');
    mdevWith(k, U1, [5], [4]);
    mdevWith(k, U2, [5], []);
    expect(echo(k, mdevFile(U2, 'assign_domain'), '4')).toEqual(['EADDRINUSE']);
    expect(k.log).toEqual([]);
    expect(k.read(mdevFile(U2, 'matrix'))).toBe('05.\n');
  });

  it('§6.4 re-assigning an assigned id re-runs the checks (fails once its queue was unbound)', () => {
    const k = docHost('E1');
    mdevWith(k, U1, [5], [4]);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '5')).toEqual(['ok']);
    k.write('bus/ap/drivers/vfio_ap/unbind', '05.0004');
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '5')).toEqual(['EADDRNOTAVAIL']);
  });

  it('§6.4 unassigns always succeed; control domains get only the range check', () => {
    const k = host({ era: 'E1', maxDomain: 84 });
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'unassign_adapter'), '9')).toEqual(['ok']);
    expect(echo(k, mdevFile(U1, 'assign_control_domain'), '0x33', '85')).toEqual(['ok', 'ENODEV']);
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('0033\n');
  });

  it('§6.4 no guest_matrix, no ap_config, no features file', () => {
    const k = docHost('E1');
    createMdev(k, U1);
    expectErrno(() => k.read(mdevFile(U1, 'guest_matrix')), 'ENOENT');
    expectErrno(() => k.read(mdevFile(U1, 'ap_config')), 'ENOENT');
    expectErrno(() => k.read(`${MATRIX}/features`), 'ENOENT');
    expect(k.list(`${MATRIX}/${U1}`)).not.toContain('guest_matrix');
  });
});

describe('§10 era matrix', () => {
  it('§10 assign while a guest runs: EBUSY in E1, hot plug in E3', () => {
    for (const [era, code] of [
      ['E1', 'EBUSY'],
      ['E3', 'ok']
    ] as const) {
      const k = docHost(era);
      mdevWith(k, U1, [5], [4]);
      k.event({ kind: 'guest-start', uuid: U1 });
      expect(echo(k, mdevFile(U1, 'assign_adapter'), '6'), era).toEqual([code]);
    }
  });

  it('§10 mask change that takes an assigned APQN: allowed in E1, EBUSY in E3', () => {
    for (const [era, code] of [
      ['E1', 'ok'],
      ['E3', 'EBUSY']
    ] as const) {
      const k = host({ era, aqmask: '-4' });
      mdevWith(k, U1, [5], [4]);
      expect(echo(k, 'bus/ap/aqmask', '+4'), era).toEqual([code]);
    }
  });

  it('§10 queue status in use: E1 needs only an attached guest; E3 also needs the APQN in the shadow', () => {
    for (const [era, status] of [
      ['E1', 'in use\n'],
      ['E3', 'assigned\n']
    ] as const) {
      const k = docHost(era);
      mdevWith(k, U1, [5], [4]);
      k.state.mdevs[0].shadow.apm.fill(0); // 05.0004 assigned but not in the shadow
      k.event({ kind: 'guest-start', uuid: U1 });
      expect(k.read('devices/ap/card05/05.0004/status'), era).toBe(status);
    }
  });

  it('§10 the legacy scenario: a 5.15 host whose mdev kept a queue the host took back', () => {
    const k = createKernel(buildScenario('legacy').state);
    expect(k.state.era).toBe('E1');
    expect(k.stat('devices/ap/card0a/0a.0006/driver').target).toContain('cex4queue');
    expect(k.read(`${MATRIX}/b3f1c0de-2a4b-4c6d-8e9f-0a1b2c3d4e5f/matrix`)).toBe('0a.0006\n');
    expect(k.read('devices/ap/card04/04.0047/status')).toBe('in use\n');
  });
});
