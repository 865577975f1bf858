/**
 * /sys/bus/ap attributes and the mask write path (docs/kernel-model.md §2, §2.1, §2.2, §2.3).
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, createKernel } from '../../shared/kernel';
import { U1, U2, createMdev, docHost, echo, expectErrno, host, mdevFile, mdevWith } from './kernelHelpers';

const F64 = 'f'.repeat(64);

describe('§2 bus attributes: read formats', () => {
  it('§2 masks read as 0x + 64 lowercase hex digits + newline; default all ones', () => {
    const k = host();
    expect(k.read('bus/ap/apmask')).toBe(`0x${F64}\n`);
    expect(k.read('bus/ap/aqmask')).toBe(`0x${F64}\n`);
  });

  it('§2 ap_adapter_mask / ap_usage_domain_mask / ap_control_domain_mask show the LPAR (QCI) configuration', () => {
    const k = host({ adapters: [1, 7], domains: [0], control: [0, 1] });
    expect(k.read('bus/ap/ap_adapter_mask')).toBe('0x41' + '0'.repeat(62) + '\n');
    expect(k.read('bus/ap/ap_usage_domain_mask')).toBe('0x80' + '0'.repeat(62) + '\n');
    expect(k.read('bus/ap/ap_control_domain_mask')).toBe('0xc0' + '0'.repeat(62) + '\n');
  });

  it('§2.3 ap_max_adapter_id / ap_max_domain_id are decimal and configurable', () => {
    const k = createKernel(buildScenario('default').state);
    expect(k.read('bus/ap/ap_max_adapter_id')).toBe('255\n');
    expect(k.read('bus/ap/ap_max_domain_id')).toBe('84\n');
  });

  it('§2 ap_domain, config_time, poll_thread, poll_timeout, ap_interrupts, features, scans read plausibly', () => {
    const k = createKernel(buildScenario('default').state);
    expect(k.read('bus/ap/ap_domain')).toBe('0\n');
    expect(k.read('bus/ap/config_time')).toBe('30\n');
    expect(k.read('bus/ap/poll_thread')).toMatch(/^[01]\n$/);
    expect(k.read('bus/ap/poll_timeout')).toBe('250000\n');
    expect(k.read('bus/ap/ap_interrupts')).toBe('1\n');
    expect(k.read('bus/ap/features')).toBe('APSC APXA QACT RC8A APSB\n');
    expect(k.read('bus/ap/scans')).toMatch(/^\d+\n$/);
  });

  it('§2 bindings is B/T (complete) when every queue device has a driver, else B/T', () => {
    const k = createKernel(buildScenario('default').state);
    expect(k.read('bus/ap/bindings')).toBe('64/64 (complete)\n'); // 4 cards x 16 domains
    const s = buildScenario('default').state;
    s.vfioLoaded = false;
    const k2 = createKernel(s);
    k2.write('bus/ap/apmask', '-1');
    expect(k2.read('bus/ap/bindings')).toBe('48/64\n'); // card 01's 16 queues have no driver (§4.1)
  });
});

describe('§2 bus attribute writes and their errnos', () => {
  it('§2 ap_domain: %i within 0..max and set in aqmask, else EINVAL', () => {
    const k = host({ maxDomain: 84 });
    expect(echo(k, 'bus/ap/ap_domain', '0x47', '5', '85', '-1', 'x')).toEqual(['ok', 'ok', 'EINVAL', 'EINVAL', 'EINVAL']);
    expect(k.read('bus/ap/ap_domain')).toBe('5\n');
    k.write('bus/ap/aqmask', '-6');
    expect(echo(k, 'bus/ap/ap_domain', '6')).toEqual(['EINVAL']);
  });

  it('§2 config_time: %d in 5..120, else EINVAL', () => {
    const k = host();
    expect(echo(k, 'bus/ap/config_time', '4', '121', 'abc', '5', ' 120junk')).toEqual(['EINVAL', 'EINVAL', 'EINVAL', 'ok', 'ok']);
    expect(k.read('bus/ap/config_time')).toBe('120\n');
  });

  it('§2 poll_thread: kstrtobool; poll_timeout: kstrtoul, above 120e9 EINVAL', () => {
    const k = host();
    expect(echo(k, 'bus/ap/poll_thread', 'y', 'maybe')).toEqual(['ok', 'EINVAL']);
    expect(k.read('bus/ap/poll_thread')).toBe('0\n'); // interrupts in use: enabling is a no-op
    k.state.pollThread = true;
    expect(echo(k, 'bus/ap/poll_thread', 'off')).toEqual(['ok']);
    expect(k.read('bus/ap/poll_thread')).toBe('0\n');
    expect(echo(k, 'bus/ap/poll_timeout', '120000000001', '0x10', '-1', '99999999999999999999')).toEqual([
      'EINVAL',
      'ok',
      'EINVAL',
      'ERANGE'
    ]);
    expect(k.read('bus/ap/poll_timeout')).toBe('16\n');
  });

  it('§2 scans: any write forces a rescan and counts it', () => {
    const k = host();
    const before = Number(k.read('bus/ap/scans'));
    k.write('bus/ap/scans', 'anything');
    expect(Number(k.read('bus/ap/scans'))).toBe(before + 1);
  });

  it('§2 read-only bus attributes refuse writes with EACCES', () => {
    const k = host();
    for (const f of [
      'ap_adapter_mask',
      'ap_usage_domain_mask',
      'ap_control_domain_mask',
      'ap_max_adapter_id',
      'ap_max_domain_id',
      'ap_interrupts',
      'bindings',
      'features'
    ])
      expectErrno(() => k.write(`bus/ap/${f}`, '1\n'), 'EACCES');
  });
});

describe('§2.1 writing apmask / aqmask', () => {
  it('§2.1 step 2: absolute or relative, parse errors are EINVAL and change nothing', () => {
    const k = host();
    expect(echo(k, 'bus/ap/apmask', '0X41', '+256', '-5,bad', '0x' + 'f'.repeat(65))).toEqual(['EINVAL', 'EINVAL', 'EINVAL', 'EINVAL']);
    expect(k.read('bus/ap/apmask')).toBe(`0x${F64}\n`);
    expect(k.write('bus/ap/apmask', '-5,-6\n')).toBe(6); // §2.1 step 5 full byte count
    expect(k.read('bus/ap/apmask')).toBe('0xf9' + 'f'.repeat(62) + '\n');
    k.write('bus/ap/apmask', '0x41');
    expect(k.read('bus/ap/apmask')).toBe('0x41' + '0'.repeat(62) + '\n');
  });

  it('§2.1 step 3: writing the same mask is a success without side effects', () => {
    const k = docHost();
    mdevWith(k, U1, [5], [4]);
    const log = k.log.length;
    expect(echo(k, 'bus/ap/apmask', k.read('bus/ap/apmask').trim())).toEqual(['ok']);
    expect(k.log.length).toBe(log);
  });

  it('§2.1 step 4: taking an assigned APQN for the host is EBUSY, logged on the holder, mask unchanged', () => {
    const k = host({ aqmask: '-4,-0x47,-0xab,-0xff' }); // domain sharing: adapters stay with the host
    mdevWith(k, U1, [5, 6], [4, 0xab]);
    expect(echo(k, 'bus/ap/apmask', '-5', '+5')).toEqual(['ok', 'ok']); // (5,4),(5,ab) stay alternate: aqmask bits clear
    expect(echo(k, 'bus/ap/aqmask', '+4')).toEqual(['EBUSY']);
    expect(k.read('bus/ap/aqmask')).toBe('0xf7fffffffffffffffeffffffffffffffffffffffffeffffffffffffffffffffe\n');
    expect(k.log).toEqual([
      `vfio_ap_mdev ${U1}: Can not reserve queue 05.0004 for host driver: in use by mdev`,
      `vfio_ap_mdev ${U1}: Can not reserve queue 06.0004 for host driver: in use by mdev`
    ]);
  });

  it('§2.1 step 4: the first mdev in list order is the one reported', () => {
    const k = host({ aqmask: '-4' });
    mdevWith(k, U1, [5], [4]);
    mdevWith(k, U2, [6], [4]);
    expect(echo(k, 'bus/ap/aqmask', '+4')).toEqual(['EBUSY']);
    expect(k.log).toEqual([`vfio_ap_mdev ${U1}: Can not reserve queue 05.0004 for host driver: in use by mdev`]);
  });

  it('§2.1 step 4: clearing bits is never refused; absolute writes are checked like relative ones', () => {
    const k = host({ aqmask: '-4' });
    mdevWith(k, U1, [5], [4]);
    expect(echo(k, 'bus/ap/aqmask', '-0-255', '0x' + F64)).toEqual(['ok', 'EBUSY']);
  });

  it('§2.1 step 4: without vfio_ap loaded the change is always accepted', () => {
    const k = host({ aqmask: '-4' });
    mdevWith(k, U1, [5], [4]);
    k.state.vfioLoaded = false;
    expect(echo(k, 'bus/ap/aqmask', '+4')).toEqual(['ok']);
  });

  it('§2.1 step 4: in E1 the in-use check does not exist (the queue is pulled from the mdev)', () => {
    const k = host({ era: 'E1', aqmask: '-4' });
    mdevWith(k, U1, [5], [4]);
    expect(echo(k, 'bus/ap/aqmask', '+4')).toEqual(['ok']);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n'); // the mdev matrix keeps the bit
    expect(k.stat('devices/ap/card05/05.0004/driver').target).toBe('../../../../bus/ap/drivers/cex4queue');
  });

  it('§2.1 step 5 / §4.2: freed queues rebind to vfio_ap, reserved ones to cex4queue', () => {
    const k = host();
    expect(k.stat('devices/ap/card05/05.0004/driver').target).toBe('../../../../bus/ap/drivers/cex4queue');
    k.write('bus/ap/apmask', '-5');
    expect(k.stat('devices/ap/card05/05.0004/driver').target).toBe('../../../../bus/ap/drivers/vfio_ap');
    expect(k.stat('devices/ap/card06/06.0004/driver').target).toBe('../../../../bus/ap/drivers/cex4queue');
    k.write('bus/ap/apmask', '+5');
    expect(k.stat('devices/ap/card05/05.0004/driver').target).toBe('../../../../bus/ap/drivers/cex4queue');
  });
});

describe('§2.2 ownership', () => {
  it('§2.2 an APQN is host-reserved iff apmask bit a AND aqmask bit d (mask example of §11: 0x7d00.., 0x8000..)', () => {
    const k = host({ adapters: [1, 2, 3, 4, 5, 6, 7, 8], domains: [0, 1] });
    k.write('bus/ap/apmask', '0x7d');
    k.write('bus/ap/aqmask', '0x8');
    const host_: string[] = [];
    for (const a of [1, 2, 3, 4, 5, 6, 7, 8])
      for (const d of [0, 1]) {
        const q = `0${a}.000${d}`;
        if (k.stat(`devices/ap/card0${a}/${q}/driver`).target!.endsWith('cex4queue')) host_.push(q);
      }
    expect(host_).toEqual(['01.0000', '02.0000', '03.0000', '04.0000', '05.0000', '07.0000']);
  });

  it('§2.2 APQNs of non-existent adapters/domains are host-owned too: assigning them is EADDRNOTAVAIL', () => {
    const k = host();
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '0x3f')).toEqual(['ok']);
    expect(echo(k, mdevFile(U1, 'assign_domain'), '0x33')).toEqual(['EADDRNOTAVAIL']);
  });
});
