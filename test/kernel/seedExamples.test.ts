/**
 * Every example of the seed documents (IBM "Freeing AP queues", "Setting up ...
 * VFIO pass-through" fallback scenario, QEMU/kernel vfio-ap.rst) reproduced
 * in-process against the kernel model. Sections of docs/kernel-model.md in names.
 */
import { describe, expect, it } from 'vitest';
import { emptyMask, fullMask, maskIds, maskToHex, parseAbsoluteMask, parseKernelCommandLine, parseRelativeMask } from '../../shared/ap';
import { card, createKernel, hostState } from '../../shared/kernel';
import { MATRIX, TYPE, U1, U2, U3, createMdev, echo, host, lines, mdevFile } from './kernelHelpers';

const F = (n: number) => 'f'.repeat(n);

describe('seed: Freeing AP queues for KVM guests (IBM)', () => {
  it('§2 default masks read 0xffff...(64 f)', () => {
    const k = host();
    expect(k.read('bus/ap/apmask')).toBe(`0x${F(64)}\n`);
    expect(k.read('bus/ap/aqmask')).toBe(`0x${F(64)}\n`);
  });

  it('§1.2 0x8000... is adapter 0; 0xFF00... is adapters 0x00-0x07', () => {
    expect(maskIds(parseAbsoluteMask('0x8000'))).toEqual([0]);
    expect(maskIds(parseAbsoluteMask('0xFF00'))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('§2.1 freeing adapter 0x01 and domains 0x0001, 0x0002 reads 0xbfff... and 0x9fff...', () => {
    const k = host({ adapters: [0, 1], domains: [0, 1, 2] });
    k.write('bus/ap/apmask', '-0x01\n');
    k.write('bus/ap/aqmask', '-1,-2\n');
    expect(k.read('bus/ap/apmask')).toBe(`0xbf${F(62)}\n`);
    expect(k.read('bus/ap/aqmask')).toBe(`0x9f${F(62)}\n`);
    // zcrypt ignores adapter 1 on all domains and domains 1, 2 on all adapters
    const vfio = k.list('bus/ap/drivers/vfio_ap').filter((n) => n.includes('.'));
    expect(vfio).toEqual(['00.0001', '00.0002', '01.0000', '01.0001', '01.0002']);
  });
});

describe('seed: vfio-ap.rst mask examples', () => {
  it('§1.2 / §2.2 0x7dff... : 1-5 and 7-255 belong to the default pool, 0 and 6 to vfio_ap', () => {
    const m = parseAbsoluteMask('0x7dffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff');
    const freed = [...Array(256).keys()].filter((i) => !maskIds(m).includes(i));
    expect(freed).toEqual([0, 6]);
    const k = host({ adapters: [0, 5, 6, 7], domains: [1] });
    k.write('bus/ap/apmask', '0x7dffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff');
    expect(k.list('bus/ap/drivers/vfio_ap').filter((n) => n.includes('.'))).toEqual(['00.0001', '06.0001']);
  });

  it('§1.2 0x41 is the same as 0x4100...(64 digits): device numbers 1 and 7', () => {
    const k = host();
    k.write('bus/ap/apmask', '0x41');
    expect(k.read('bus/ap/apmask')).toBe('0x4100000000000000000000000000000000000000000000000000000000000000\n');
    expect(maskIds(parseAbsoluteMask('0x41'))).toEqual([1, 7]);
  });

  it('§1.2 a string longer than the mask is EINVAL', () => {
    expect(echo(host(), 'bus/ap/apmask', `0x${F(65)}`)).toEqual(['EINVAL']);
  });

  it('§1.3 "+0" "-13" "+0x41" "-0xff" and +0,-6,+0x47,-0xf0 switch exactly the documented bits', () => {
    expect(maskIds(parseRelativeMask('+0', emptyMask()))).toEqual([0]);
    expect(maskIds(parseRelativeMask('-13', fullMask())).includes(13)).toBe(false);
    expect(maskIds(parseRelativeMask('+0x41', emptyMask()))).toEqual([65]);
    expect(maskIds(parseRelativeMask('-0xff', fullMask())).includes(255)).toBe(false);
    const k = host();
    k.write('bus/ap/aqmask', '0x0200000000000000000000000000000000000000000000000000000000000080');
    k.write('bus/ap/aqmask', '+0,-6,+0x47,-0xf0');
    // bits 0 and 71 on, 6 and 240 off, everything else as before
    expect(maskIds(parseAbsoluteMask(k.read('bus/ap/aqmask')))).toEqual([0, 0x47, 0xf8]);
  });

  it('§1.3 kernel command line ap.apmask=0xffff ap.aqmask=0x40: default pool adapters 0-15, domain 1', () => {
    const { apmask, aqmask } = parseKernelCommandLine('ap.apmask=0xffff ap.aqmask=0x40');
    expect(maskToHex(apmask!)).toBe('0xffff000000000000000000000000000000000000000000000000000000000000');
    expect(maskToHex(aqmask!)).toBe('0x4000000000000000000000000000000000000000000000000000000000000000');
    const k = host({ adapters: [0, 15, 16], domains: [0, 1, 2] });
    k.state.apmask = apmask!;
    k.state.aqmask = aqmask!;
    const hostPool = k.list('bus/ap/drivers/cex4queue').filter((n) => n.includes('.'));
    expect(hostPool).toEqual(['00.0001', '0f.0001']);
  });

  it('§2.2 apmask 0x70.. with aqmask 0x0180..: zcrypt owns (01,07) (01,08) (02,07) (02,08) (03,07) (03,08)', () => {
    const k = host({ adapters: [0, 1, 2, 3, 4], domains: [6, 7, 8, 9] });
    k.write('bus/ap/apmask', '0x7000000000000000000000000000000000000000000000000000000000000000');
    k.write('bus/ap/aqmask', '0x0180000000000000000000000000000000000000000000000000000000000000');
    expect(k.list('bus/ap/drivers/cex4queue').filter((n) => n.includes('.'))).toEqual([
      '01.0007',
      '01.0008',
      '02.0007',
      '02.0008',
      '03.0007',
      '03.0008'
    ]);
  });

  it('§11 mask example: apmask 0x7d00.. and aqmask 0x8000.. give the host pool (1,0) (2,0) (3,0) (4,0) (5,0) (7,0)', () => {
    const k = host({ adapters: [0, 1, 2, 3, 4, 5, 6, 7], domains: [0, 1] });
    k.write('bus/ap/apmask', '0x7d');
    k.write('bus/ap/aqmask', '0x80');
    expect(k.list('bus/ap/drivers/cex4queue').filter((n) => n.includes('.'))).toEqual([
      '01.0000',
      '02.0000',
      '03.0000',
      '04.0000',
      '05.0000',
      '07.0000'
    ]);
  });

  it('§11 absolute forms of the three-guest masks: 0xf9ff.. and 0xf7ff..feff..', () => {
    const k = host({ adapters: [5, 6] });
    k.write('bus/ap/apmask', `0xf9${F(62)}`);
    k.write('bus/ap/aqmask', '0xf7fffffffffffffffeffffffffffffffffffffffffeffffffffffffffffffffe');
    const rel = host({ adapters: [5, 6], apmask: '-5,-6', aqmask: '-4,-0x47,-0xab,-0xff' });
    expect(k.read('bus/ap/apmask')).toBe(rel.read('bus/ap/apmask'));
    expect(k.read('bus/ap/aqmask')).toBe(rel.read('bus/ap/aqmask'));
  });
});

describe('seed: vfio-ap.rst validity examples (§11, §9.2)', () => {
  const pair = (g2a: number[], g2d: number[]) => {
    const k = host({ adapters: [1, 2, 3, 4], domains: [5, 6, 7], apmask: '-1,-2,-3,-4' });
    createMdev(k, U1);
    const w1 = [
      ...[1, 2].flatMap((a) => echo(k, mdevFile(U1, 'assign_adapter'), String(a))),
      ...[5, 6].flatMap((d) => echo(k, mdevFile(U1, 'assign_domain'), String(d)))
    ];
    createMdev(k, U2);
    const w2 = [
      ...g2a.flatMap((a) => echo(k, mdevFile(U2, 'assign_adapter'), String(a))),
      ...g2d.flatMap((d) => echo(k, mdevFile(U2, 'assign_domain'), String(d)))
    ];
    return { k, results: [...w1, ...w2] };
  };

  it('§9.2 valid: Guest1 adapters 1,2 domains 5,6; Guest2 adapters 1,2 domain 7', () => {
    const { k, results } = pair([1, 2], [7]);
    expect(results.every((r) => r === 'ok')).toBe(true);
    expect(k.read(mdevFile(U2, 'matrix'))).toBe('01.0007\n02.0007\n');
  });

  it('§9.2 valid: Guest1 adapters 1,2 domains 5,6; Guest2 adapters 3,4 domains 5,6', () => {
    const { k, results } = pair([3, 4], [5, 6]);
    expect(results.every((r) => r === 'ok')).toBe(true);
    expect(k.read(mdevFile(U2, 'matrix'))).toBe('03.0005\n03.0006\n04.0005\n04.0006\n');
  });

  it('§9.2 invalid: Guest2 adapter 1 with domains 6,7 shares (1,6): EADDRINUSE on the domain that forms it', () => {
    const { k, results } = pair([1], [6, 7]);
    expect(results.slice(4)).toEqual(['ok', 'EADDRINUSE', 'ok']);
    expect(k.log).toEqual([`vfio_ap_mdev ${U2}: Userspace may not assign queue 01.0006 to mdev: already assigned to ${U1}`]);
  });
});

describe('seed: vfio-ap.rst three-guest walkthrough (§11)', () => {
  function lpar() {
    // cards 05 CEX5C and 06 CEX5A (hwtype 11); domains 4, 0x47, 0xab, 0xff
    return createKernel(
      hostState({
        era: 'E3',
        maxAdapter: 255,
        maxDomain: 255,
        cards: [card(5, 11, 'cca'), card(6, 11, 'accel')],
        usageDomains: [4, 0x47, 0xab, 0xff]
      })
    );
  }

  it('§11 step 2: echo -5,-6 > apmask; echo -4,-0x47,-0xab,-0xff > aqmask bind the 8 queues to vfio_ap', () => {
    const k = lpar();
    expect(echo(k, 'bus/ap/apmask', '-5,-6')).toEqual(['ok']);
    expect(echo(k, 'bus/ap/aqmask', '-4,-0x47,-0xab,-0xff')).toEqual(['ok']);
    expect(k.list('bus/ap/drivers/vfio_ap').filter((n) => n.includes('.'))).toEqual([
      '05.0004',
      '05.0047',
      '05.00ab',
      '05.00ff',
      '06.0004',
      '06.0047',
      '06.00ab',
      '06.00ff'
    ]);
    expect(k.read('bus/ap/devices/card05/hwtype')).toBe('11\n');
  });

  it('§11 newer text: with adapters 4, 5, 6, only the aqmask write binds 12 queues including 04.xxxx', () => {
    const k = createKernel(
      hostState({
        era: 'E3',
        maxAdapter: 255,
        maxDomain: 255,
        cards: [card(4, 11, 'cca'), card(5, 11, 'cca'), card(6, 11, 'accel')],
        usageDomains: [4, 0x47, 0xab, 0xff]
      })
    );
    k.write('bus/ap/aqmask', '-4,-0x47,-0xab,-0xff\n');
    expect(k.list('bus/ap/drivers/vfio_ap').filter((n) => n.includes('.')).length).toBe(12);
    expect(k.list('bus/ap/drivers/vfio_ap')).toContain('04.00ff');
  });

  it('§11 steps 3-4: create three mdevs, configure them, cat matrix shows the documented output', () => {
    const k = lpar();
    k.write('bus/ap/apmask', '-5,-6\n');
    k.write('bus/ap/aqmask', '-4,-0x47,-0xab,-0xff\n');
    for (const u of [U1, U2, U3]) expect(echo(k, `${TYPE}/create`, u)).toEqual(['ok']);
    expect(k.list(`${TYPE}/devices`)).toEqual([U1, U2, U3]);
    const g1 = `${TYPE}/devices/${U1}`;
    expect([...echo(k, `${g1}/assign_adapter`, '5', '6'), ...echo(k, `${g1}/assign_domain`, '4', '0xab')]).toEqual([
      'ok',
      'ok',
      'ok',
      'ok'
    ]);
    expect(k.read(`${g1}/matrix`)).toBe('05.0004\n05.00ab\n06.0004\n06.00ab\n');
    expect([...echo(k, mdevFile(U2, 'assign_adapter'), '5'), ...echo(k, mdevFile(U2, 'assign_domain'), '0x47', '0xff')]).toEqual([
      'ok',
      'ok',
      'ok'
    ]);
    expect([...echo(k, mdevFile(U3, 'assign_adapter'), '6'), ...echo(k, mdevFile(U3, 'assign_domain'), '0x47', '0xff')]).toEqual([
      'ok',
      'ok',
      'ok'
    ]);
    expect(k.read(mdevFile(U2, 'matrix'))).toBe('05.0047\n05.00ff\n');
    expect(k.read(mdevFile(U3, 'matrix'))).toBe('06.0047\n06.00ff\n');
    // step 5: start the guests; lszcrypt inside Guest1 sees cards 05 and 06 with domains 0004 and 00ab
    for (const u of [U1, U2, U3]) k.event({ kind: 'guest-start', uuid: u });
    expect(k.read(mdevFile(U1, 'guest_matrix'))).toBe('05.0004\n05.00ab\n06.0004\n06.00ab\n');
    expect(k.read('bus/ap/devices/06.00ff/status')).toBe('in use\n');
    // the remove "fails" while the guest runs (EBUSY in the model), succeeds after shutdown
    expect(echo(k, `${TYPE}/devices/${U1}/remove`, '1')).toEqual(['EBUSY']);
    k.event({ kind: 'guest-stop', uuid: U1 });
    expect(echo(k, `${TYPE}/devices/${U1}/remove`, '1')).toEqual(['ok']);
    expect(k.list(MATRIX)).not.toContain(U1);
  });

  it('§6.2 assign in decimal, hexadecimal and octal: 4, 0x5, 020 are adapters 4, 5, 16; 4, 0x8, 0107 domains 4, 8, 71', () => {
    const k = host({ adapters: [4, 5, 16], domains: [4, 8, 71], apmask: '-4,-5,-16', aqmask: '-4,-8,-71' });
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '4', '0x5', '020')).toEqual(['ok', 'ok', 'ok']);
    expect(echo(k, mdevFile(U1, 'assign_domain'), '4', '0x8', '0107')).toEqual(['ok', 'ok', 'ok']);
    expect(echo(k, mdevFile(U1, 'assign_control_domain'), '4', '0x8', '0107')).toEqual(['ok', 'ok', 'ok']);
    expect(lines(k.read(mdevFile(U1, 'matrix')))).toEqual([
      '04.0004',
      '04.0008',
      '04.0047',
      '05.0004',
      '05.0008',
      '05.0047',
      '10.0004',
      '10.0008',
      '10.0047'
    ]);
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('0004\n0008\n0047\n');
  });

  it('§6.2 hot plug examples: echo 0xa > assign_adapter, echo 5 > unassign_domain on a running guest', () => {
    const k = host({ adapters: [5, 0xa], domains: [4, 5], apmask: '-5,-0xa', aqmask: '-4,-5' });
    createMdev(k, U1);
    k.write(mdevFile(U1, 'assign_adapter'), '5\n');
    k.write(mdevFile(U1, 'assign_domain'), '4\n');
    k.write(mdevFile(U1, 'assign_domain'), '5\n');
    k.event({ kind: 'guest-start', uuid: U1 });
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '0xa')).toEqual(['ok']);
    expect(echo(k, mdevFile(U1, 'unassign_domain'), '5')).toEqual(['ok']);
    expect(k.read(mdevFile(U1, 'guest_matrix'))).toBe('05.0004\n0a.0004\n');
  });
});

describe('seed: fallback method for creating and configuring a mediated device (IBM)', () => {
  const UUID = '4b0518fd-9237-493f-93c8-c5597f8006a3';
  function fallbackHost() {
    // adapters 0x00 CEX7A and 0x0a CEX7P (hwtype 13), 8 queues freed: domains 1, 2, 4, 0x1b
    const s = hostState({
      era: 'E3',
      maxAdapter: 255,
      maxDomain: 84,
      cards: [card(0x00, 13, 'accel'), card(0x0a, 13, 'ep11')],
      usageDomains: [0, 1, 2, 4, 0x1b]
    });
    const k = createKernel(s);
    k.write('bus/ap/aqmask', '-1,-2,-4,-0x1b\n');
    return k;
  }

  it('§4.1 step 2: exactly 8 eligible queues bound to vfio_ap', () => {
    const k = fallbackHost();
    expect(k.list('bus/ap/drivers/vfio_ap').filter((n) => n.includes('.'))).toEqual([
      '00.0001',
      '00.0002',
      '00.0004',
      '00.001b',
      '0a.0001',
      '0a.0002',
      '0a.0004',
      '0a.001b'
    ]);
    expect(k.read('devices/ap/card00/type')).toBe('CEX7A\n');
    expect(k.read('devices/ap/card0a/type')).toBe('CEX7P\n');
  });

  it('§6.1 steps 3-6: matrix 00. 0a., then 00.001b 0a.001b, control_domains empty, then 001b', () => {
    const k = fallbackHost();
    expect(k.write(`${TYPE}/create`, UUID + '\n')).toBe(37);
    expect(echo(k, mdevFile(UUID, 'assign_adapter'), '0x00', '0x0a')).toEqual(['ok', 'ok']);
    expect(k.read(mdevFile(UUID, 'matrix'))).toBe('00.\n0a.\n');
    expect(echo(k, mdevFile(UUID, 'assign_domain'), '0x001b')).toEqual(['ok']);
    expect(k.read(mdevFile(UUID, 'matrix'))).toBe('00.001b\n0a.001b\n');
    expect(k.read(mdevFile(UUID, 'control_domains'))).toBe('');
    expect(echo(k, mdevFile(UUID, 'assign_control_domain'), '0x001b')).toEqual(['ok']);
    expect(k.read(mdevFile(UUID, 'control_domains'))).toBe('001b\n');
  });

  it('§6.2 attribute table examples: unassign 0x0a leaves 00.001b; echo 1 > remove removes the device', () => {
    const k = fallbackHost();
    k.write(`${TYPE}/create`, UUID);
    for (const [f, v] of [
      ['assign_adapter', '0x0a'],
      ['assign_domain', '0x001b'],
      ['assign_control_domain', '0x001b']
    ])
      k.write(mdevFile(UUID, f), v + '\n');
    expect(k.read(mdevFile(UUID, 'matrix'))).toBe('0a.001b\n');
    expect(echo(k, mdevFile(UUID, 'unassign_control_domain'), '0x001b')).toEqual(['ok']);
    expect(echo(k, mdevFile(UUID, 'unassign_domain'), '0x001b')).toEqual(['ok']);
    expect(echo(k, mdevFile(UUID, 'unassign_adapter'), '0x0a')).toEqual(['ok']);
    expect(k.read(mdevFile(UUID, 'matrix'))).toBe('');
    expect(echo(k, mdevFile(UUID, 'remove'), '1')).toEqual(['ok']);
    expect(k.list(MATRIX)).not.toContain(UUID);
  });
});
