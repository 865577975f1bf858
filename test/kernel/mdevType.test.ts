/**
 * The vfio_ap matrix device, the mdev type, create and remove (docs/kernel-model.md §5, §5.1-§5.4).
 */
import { describe, expect, it } from 'vitest';
import { U1, U2, TYPE, MATRIX, createMdev, echo, expectErrno, host, mdevFile, mdevWith } from './kernelHelpers';
import { MAX_MDEV_INSTANCES, emptyMdev } from '../../shared/kernel';

describe('§5.1 paths', () => {
  it('§5.1 matrix device, bus/matrix, class/mdev_bus compat link, type directory vfio_ap-passthrough', () => {
    const k = host();
    expect(k.stat(MATRIX).kind).toBe('dir');
    expect(k.stat('bus/matrix/devices/matrix').target).toBe('../../../devices/vfio_ap/matrix');
    expect(k.stat('class/mdev_bus/matrix').target).toBe('../../devices/vfio_ap/matrix');
    expect(k.list(`${MATRIX}/mdev_supported_types`)).toEqual(['vfio_ap-passthrough']);
    expect(k.read('class/mdev_bus/matrix/mdev_supported_types/vfio_ap-passthrough/name')).toBe('VFIO AP Passthrough Device\n');
  });

  it('§5.1 each mdev is a child directory of the matrix device, linked from the type, bus/mdev and its driver', () => {
    const k = host();
    createMdev(k, U1);
    expect(k.list(MATRIX)).toContain(U1);
    expect(k.stat(`${TYPE}/devices/${U1}`).target).toBe(`../../../${U1}`);
    expect(k.stat(`bus/mdev/devices/${U1}`).target).toBe(`../../../devices/vfio_ap/matrix/${U1}`);
    expect(k.stat(`bus/mdev/drivers/vfio_ap_mdev/${U1}`).target).toBe(`../../../../devices/vfio_ap/matrix/${U1}`);
    expect(k.read(`bus/mdev/devices/${U1}/matrix`)).toBe('');
    expect(k.read(`${TYPE}/devices/${U1}/matrix`)).toBe('');
    expect(k.stat(mdevFile(U1, 'mdev_type')).target).toBe('../mdev_supported_types/vfio_ap-passthrough');
  });

  it('§5.1 features (E3) reads guest_matrix hotplug ap_config (the code, not the rst)', () => {
    expect(host().read(`${MATRIX}/features`)).toBe('guest_matrix hotplug ap_config\n');
  });
});

describe('§5.2 type attributes', () => {
  it('§5.2 name, device_api, available_instances 65536 minus mdevs, create write-only, no description', () => {
    const k = host();
    expect(k.read(`${TYPE}/device_api`)).toBe('vfio-ap\n');
    expect(k.read(`${TYPE}/available_instances`)).toBe('65536\n');
    createMdev(k, U1);
    expect(k.read(`${TYPE}/available_instances`)).toBe('65535\n');
    k.write(mdevFile(U1, 'remove'), '1\n');
    expect(k.read(`${TYPE}/available_instances`)).toBe('65536\n');
    expect(k.stat(`${TYPE}/create`).mode).toBe(0o200);
    expectErrno(() => k.read(`${TYPE}/description`), 'ENOENT');
  });
});

describe('§5.3 create', () => {
  it('§5.3 step 1: 36 or 37 bytes only (echo and echo -n work, spaces do not)', () => {
    const k = host();
    expect(k.write(`${TYPE}/create`, U1)).toBe(36);
    expect(k.write(`${TYPE}/create`, U2 + '\n')).toBe(37);
    expectErrno(() => k.write(`${TYPE}/create`, ` ${U1.replace('6', '7')}\n`), 'EINVAL');
    expectErrno(() => k.write(`${TYPE}/create`, U1.slice(0, 35)), 'EINVAL');
  });

  it('§5.3 step 2: UUID text checked by position, version/variant not checked, 37th byte not checked', () => {
    const k = host();
    expect(
      echo(
        k,
        `${TYPE}/create`,
        '00000000-0000-0000-0000-000000000000',
        'g2177883-f1bb-47f0-914d-32a22e3a8804',
        '62177883f1bb-47f0-914d-32a22e3a88044'
      )
    ).toEqual(['ok', 'EINVAL', 'EINVAL']);
    expect(k.write(`${TYPE}/create`, '11111111-1111-1111-1111-111111111111x')).toBe(37);
  });

  it('§5.3 step 3: a UUID already used gives EEXIST, compared ignoring case; the directory is lowercase', () => {
    const k = host();
    k.write(`${TYPE}/create`, U1.toUpperCase() + '\n');
    expect(k.list(MATRIX)).toContain(U1);
    expect(echo(k, `${TYPE}/create`, U1, U1.toUpperCase())).toEqual(['EEXIST', 'EEXIST']);
  });

  it('§5.3 step 4: no instances left gives EUSERS (E3) / EPERM (E1)', () => {
    for (const [era, code] of [
      ['E3', 'EUSERS'],
      ['E1', 'EPERM']
    ] as const) {
      const k = host({ era });
      for (let i = 0; i < MAX_MDEV_INSTANCES; i++)
        k.state.mdevs.push(emptyMdev(`00000000-0000-0000-0000-${i.toString(16).padStart(12, '0')}`));
      expect(k.read(`${TYPE}/available_instances`)).toBe('0\n');
      expect(echo(k, `${TYPE}/create`, U1)).toEqual([code]);
    }
  });

  it('§5.3 step 5: a new mdev has empty matrix, control domains, guest_matrix and ap_config', () => {
    const k = host();
    createMdev(k, U1);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('');
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('');
    expect(k.read(mdevFile(U1, 'guest_matrix'))).toBe('');
    expect(k.read(mdevFile(U1, 'ap_config'))).toBe(['0x' + '0'.repeat(64), '0x' + '0'.repeat(64), '0x' + '0'.repeat(64)].join(',') + '\n');
  });
});

describe('§5.4 remove', () => {
  it('§5.4 kstrtoul: garbage EINVAL, 0 does nothing, non-zero removes the directory and links', () => {
    const k = host({ apmask: '-5' });
    mdevWith(k, U1, [5], [4]);
    expect(echo(k, mdevFile(U1, 'remove'), 'yes', '08', '0')).toEqual(['EINVAL', 'EINVAL', 'ok']);
    expect(k.list(MATRIX)).toContain(U1);
    expect(echo(k, mdevFile(U1, 'remove'), '0x2')).toEqual(['ok']);
    expectErrno(() => k.stat(`${MATRIX}/${U1}`), 'ENOENT');
    expectErrno(() => k.stat(`bus/mdev/devices/${U1}`), 'ENOENT');
    expect(k.list(`${TYPE}/devices`)).toEqual([]);
    // queues stay bound to vfio_ap and become unassigned
    expect(k.read('devices/ap/card05/05.0004/status')).toBe('unassigned\n');
  });

  it('§5.4 while a guest uses the mdev the model refuses with EBUSY (the kernel blocks; documented simplification)', () => {
    for (const era of ['E1', 'E3'] as const) {
      const k = host({ era });
      createMdev(k, U1);
      k.event({ kind: 'guest-start', uuid: U1 });
      expect(echo(k, mdevFile(U1, 'remove'), '1')).toEqual(['EBUSY']);
      k.event({ kind: 'guest-stop', uuid: U1 });
      expect(echo(k, mdevFile(U1, 'remove'), '1')).toEqual(['ok']);
    }
  });
});
