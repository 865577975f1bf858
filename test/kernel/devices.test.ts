/**
 * Card and queue devices, drivers and binding (docs/kernel-model.md §3, §3.1, §3.2, §3.3, §4, §9.5, §9.8).
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, card, createKernel, hostState } from '../../shared/kernel';
import { U1, echo, expectErrno, host, mdevWith } from './kernelHelpers';

describe('§3 which devices exist', () => {
  it('§3 a card per LPAR adapter, a queue per usage domain, named card%02x and %02x.%04x inside the card', () => {
    const k = host({ adapters: [0x0a], domains: [0x47, 6] });
    expect(k.list('devices/ap').filter((n) => n.startsWith('card'))).toEqual(['card0a']);
    expect(k.list('devices/ap/card0a').filter((n) => n.includes('.'))).toEqual(['0a.0006', '0a.0047']);
    expect(k.list('bus/ap/devices')).toEqual(['card0a', '0a.0006', '0a.0047']);
    expect(k.stat('bus/ap/devices/card0a')).toEqual({ kind: 'symlink', mode: 0o777, target: '../../../devices/ap/card0a' });
    expect(k.stat('bus/ap/devices/0a.0047').target).toBe('../../../devices/ap/card0a/0a.0047');
  });

  it('§3 adapter types below 10 get no device in 6.x; ids above max are ignored', () => {
    const s = hostState({
      era: 'E3',
      maxAdapter: 63,
      maxDomain: 15,
      cards: [card(1, 9, 'cca'), card(2, 11, 'cca'), card(0x40, 11, 'cca')],
      usageDomains: [0, 16]
    });
    const k = createKernel(s);
    expect(k.list('bus/ap/devices')).toEqual(['card02', '02.0000']);
    expectErrno(() => k.list('devices/ap/card01'), 'ENOENT');
  });

  it('§3 hwtype above 14 maps down to a compatible type; raw_hwtype shows the real one', () => {
    const k = createKernel(hostState({ era: 'E3', maxAdapter: 255, maxDomain: 255, cards: [card(3, 15, 'cca')], usageDomains: [0] }));
    expect(k.read('devices/ap/card03/hwtype')).toBe('14\n');
    expect(k.read('devices/ap/card03/raw_hwtype')).toBe('15\n');
  });

  it('§3 removing an adapter or domain unregisters its devices', () => {
    const k = host({ adapters: [5, 6], domains: [4, 5] });
    k.event({ kind: 'adapter-remove', id: 6 });
    k.event({ kind: 'domain-remove', id: 5 });
    expect(k.list('bus/ap/devices')).toEqual(['card05', '05.0004']);
  });
});

describe('§3.1 card attributes', () => {
  it('§3.1 formats: hwtype, depth, ap_functions 0x%08X, modalias ap:t%02X, type, max_msg_size, driver link', () => {
    const k = createKernel(buildScenario('demo').state);
    const c = 'devices/ap/card05';
    expect(k.read(`${c}/hwtype`)).toBe('11\n');
    expect(k.read(`${c}/depth`)).toBe('7\n');
    expect(k.read(`${c}/ap_functions`)).toBe('0x92000000\n');
    expect(k.read(`${c}/modalias`)).toBe('ap:t0B\n');
    expect(k.read(`${c}/type`)).toBe('CEX5C\n');
    expect(k.read('devices/ap/card06/type')).toBe('CEX5A\n');
    expect(k.read('devices/ap/card01/type')).toBe('CEX7P\n');
    expect(k.read('devices/ap/card00/type')).toBe('CEX8C\n');
    expect(k.read(`${c}/max_msg_size`)).toBe('12288\n');
    expect(k.stat(`${c}/driver`).target).toBe('../../../bus/ap/drivers/cex4card');
  });

  it('§3.1 serialnr only on CCA/EP11 cards; API_ordinalnr, FW_version, op_modes only on EP11', () => {
    const k = createKernel(buildScenario('demo').state);
    expect(k.list('devices/ap/card06')).not.toContain('serialnr');
    expect(k.list('devices/ap/card05')).toContain('serialnr');
    expect(k.list('devices/ap/card05')).not.toContain('API_ordinalnr');
    for (const f of ['serialnr', 'API_ordinalnr', 'FW_version', 'op_modes']) expect(k.list('devices/ap/card01')).toContain(f);
    expect(k.list('devices/ap/card01')).not.toContain('mode');
    expect(k.list('devices/ap/card01')).not.toContain('capabilities');
  });

  it('§3.1 config: %d 0/1 else EINVAL; online reads 1 only if config=1, chkstop=0 and online', () => {
    const k = host();
    const c = 'devices/ap/card05';
    expect(echo(k, `${c}/config`, '2', 'x', '0')).toEqual(['EINVAL', 'EINVAL', 'ok']);
    expect(k.read(`${c}/config`)).toBe('0\n');
    expect(k.read(`${c}/online`)).toBe('0\n');
    expect(k.read(`${c}/05.0004/config`)).toBe('0\n');
    expect(echo(k, `${c}/config`, '1')).toEqual(['ok']);
    expect(k.read(`${c}/online`)).toBe('1\n');
  });

  it('§3.1 online: %d 0/1 else EINVAL; 1 while deconfigured or checkstopped is ENODEV; cascades to queues', () => {
    const k = host();
    const c = 'devices/ap/card05';
    expect(echo(k, `${c}/online`, '3', '0')).toEqual(['EINVAL', 'ok']);
    expect(k.read(`${c}/05.0004/online`)).toBe('0\n');
    expect(echo(k, `${c}/online`, '1')).toEqual(['ok']);
    expect(k.read(`${c}/05.0004/online`)).toBe('1\n');
    k.write(`${c}/config`, '0');
    expect(echo(k, `${c}/online`, '1')).toEqual(['ENODEV']);
    k.write(`${c}/config`, '1');
    k.state.cards.find((x) => x.id === 5)!.chkstop = true;
    expect(echo(k, `${c}/online`, '1')).toEqual(['ENODEV']);
  });

  it('§3.1 request_count: any write resets (succeeds); read-only counters refuse writes', () => {
    const k = host();
    expect(echo(k, 'devices/ap/card05/request_count', 'x')).toEqual(['ok']);
    expect(k.read('devices/ap/card05/request_count')).toBe('0\n');
    expectErrno(() => k.write('devices/ap/card05/hwtype', '1'), 'EACCES');
  });
});

describe('§3.2 queue attributes', () => {
  it('§3.2 a cex4queue queue has online, load and driver cex4queue; no status', () => {
    const k = host();
    const q = 'devices/ap/card05/05.0004';
    const names = k.list(q);
    for (const f of ['online', 'load', 'request_count', 'reset', 'interrupt', 'config', 'chkstop', 'ap_functions', 'driver', 'mkvps'])
      expect(names).toContain(f);
    expect(names).not.toContain('status');
    expect(k.read(`${q}/request_count`)).toBe('0\n');
    expect(k.read(`${q}/reset`)).toMatch(/^(Reset in progress\.|Reset Timer armed\.|No Reset Timer set\.)\n$/);
    expect(k.read(`${q}/interrupt`)).toMatch(/^(Interrupts enabled\.|Interrupts disabled\.|Enable Interrupt pending\.)\n$/);
  });

  it('§3.2 a vfio_ap queue has status and no online/load; request_count reads - (uninitiated)', () => {
    const k = host({ apmask: '-5' });
    const q = 'devices/ap/card05/05.0004';
    expect(k.list(q)).toContain('status');
    expect(k.list(q)).not.toContain('online');
    expect(k.list(q)).not.toContain('load');
    expect(k.read(`${q}/request_count`)).toBe('-\n');
    expect(k.read(`${q}/status`)).toBe('unassigned\n');
  });

  it('§3.2 status: unassigned, assigned, in use (guest attached AND in its shadow, E3)', () => {
    const k = host({ apmask: '-5,-6' });
    mdevWith(k, U1, [5, 6], [4, 0x47]);
    expect(k.read('devices/ap/card05/05.0004/status')).toBe('assigned\n');
    expect(k.read('devices/ap/card05/05.00ab/status')).toBe('unassigned\n');
    k.event({ kind: 'guest-start', uuid: U1 });
    expect(k.read('devices/ap/card05/05.0004/status')).toBe('in use\n');
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0047'); // adapter 6 leaves the shadow (§7.4)
    expect(k.read('devices/ap/card06/06.0004/status')).toBe('assigned\n');
    k.event({ kind: 'guest-stop', uuid: U1 });
    expect(k.read('devices/ap/card05/05.0004/status')).toBe('assigned\n');
  });

  it('§3.2 queue online: ENODEV when deconfigured, EINVAL setting 1 while the card is offline', () => {
    const k = host();
    const q = 'devices/ap/card05/05.0004';
    expect(echo(k, `${q}/online`, '0', '1', '7')).toEqual(['ok', 'ok', 'EINVAL']);
    k.write('devices/ap/card05/online', '0');
    expect(echo(k, `${q}/online`, '1')).toEqual(['EINVAL']);
    k.write('devices/ap/card05/config', '0');
    expect(echo(k, `${q}/online`, '0')).toEqual(['ENODEV']);
  });

  it('§3.2 the driver link is absent when the queue is unbound', () => {
    const k = host();
    k.write('bus/ap/drivers/cex4queue/unbind', '05.0004\n');
    expect(k.list('devices/ap/card05/05.0004')).not.toContain('driver');
    expectErrno(() => k.stat('devices/ap/card05/05.0004/driver'), 'ENOENT');
  });
});

describe('§4 drivers and binding', () => {
  it('§4 / §4.1 each driver directory holds bind, unbind, uevent and a link per bound device', () => {
    const k = host({ apmask: '-6' });
    expect(k.list('bus/ap/drivers')).toEqual(['cex4card', 'cex4queue', 'vfio_ap']);
    expect(k.list('bus/ap/drivers/cex4card')).toEqual(['bind', 'unbind', 'uevent', 'card05', 'card06']);
    expect(k.list('bus/ap/drivers/cex4queue')).toEqual(['bind', 'unbind', 'uevent', '05.0004', '05.0047', '05.00ab', '05.00ff']);
    expect(k.list('bus/ap/drivers/vfio_ap').slice(3)).toEqual(['06.0004', '06.0047', '06.00ab', '06.00ff']);
    expect(k.stat('bus/ap/drivers/vfio_ap/06.0004').target).toBe('../../../../devices/ap/card06/06.0004');
    expect(k.stat('bus/ap/drivers/cex4card/card05').target).toBe('../../../../devices/ap/card05');
  });

  it('§4.1 / §9.8 host pool → cex4queue, alternate pool → vfio_ap, alternate without vfio_ap → nothing', () => {
    const s = buildScenario('default').state;
    s.vfioLoaded = false;
    const k = createKernel(s);
    k.write('bus/ap/apmask', '-0');
    expect(k.list('devices/ap/card00/00.0000')).not.toContain('driver');
    expect(k.stat('devices/ap/card01/01.0000/driver').target).toContain('cex4queue');
  });

  it('§4.3 bind: unknown/wrong device ENODEV, already bound EBUSY, probe refusal (wrong pool) ENODEV', () => {
    const k = host({ apmask: '-6' });
    expect(echo(k, 'bus/ap/drivers/vfio_ap/bind', '07.0004', '05.0004', '06.0004', 'card05')).toEqual([
      'ENODEV',
      'EBUSY',
      'EBUSY',
      'ENODEV'
    ]);
    k.write('bus/ap/drivers/cex4queue/unbind', '05.0004');
    expect(echo(k, 'bus/ap/drivers/vfio_ap/bind', '05.0004')).toEqual(['ENODEV']); // host pool: vfio_ap refuses
    expect(echo(k, 'bus/ap/drivers/cex4queue/bind', '05.0004')).toEqual(['ok']);
    expect(k.stat('devices/ap/card05/05.0004/driver').target).toContain('cex4queue');
  });

  it('§4.3 unbind: must be bound to this driver, else ENODEV; allowed on assigned vfio_ap queues', () => {
    const k = host({ apmask: '-6' });
    mdevWith(k, U1, [6], [4]);
    expect(echo(k, 'bus/ap/drivers/vfio_ap/unbind', '05.0004', 'zz')).toEqual(['ENODEV', 'ENODEV']);
    expect(echo(k, 'bus/ap/drivers/vfio_ap/unbind', '06.0004')).toEqual(['ok']);
    expect(echo(k, 'bus/ap/drivers/vfio_ap/unbind', '06.0004')).toEqual(['ENODEV']);
    expect(k.read('bus/ap/bindings')).toBe('7/8\n');
  });

  it('§4.3 the matrix device driver has no bind/unbind files', () => {
    const k = host();
    expect(k.list('bus/matrix/drivers/vfio_ap')).not.toContain('bind');
    expectErrno(() => k.write('bus/matrix/drivers/vfio_ap/bind', 'matrix'), 'ENOENT');
  });
});

describe('§9.5 module state', () => {
  it('§9.5 vfio_ap not loaded: devices/vfio_ap, bus/ap/drivers/vfio_ap and the mdev links are absent', () => {
    const s = buildScenario('default').state;
    s.vfioLoaded = false;
    const k = createKernel(s);
    expectErrno(() => k.list('devices/vfio_ap'), 'ENOENT');
    expectErrno(() => k.list('bus/ap/drivers/vfio_ap'), 'ENOENT');
    expect(k.list('devices')).toEqual(['ap']);
  });
});

describe('§3 cards need a usage domain', () => {
  it('§3 an LPAR without usage domains (up to max) has no card devices', () => {
    const k = createKernel(hostState({ era: 'E3', maxAdapter: 255, maxDomain: 15, cards: [card(5, 11, 'cca')], usageDomains: [16] }));
    expect(k.list('bus/ap/devices')).toEqual([]);
    k.event({ kind: 'domain-add', id: 15 });
    expect(k.list('bus/ap/devices')).toEqual(['card05', '05.000f']);
  });
});
