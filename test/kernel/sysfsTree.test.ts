/**
 * The sysfs shape of the model: root, leading slash, symlink following, modes,
 * and the layout of §2, §4, §5.1 and §6 (docs/kernel-model.md).
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, cloneKernelState, createKernel } from '../../shared/kernel';
import { MATRIX, TYPE, U1, createMdev, expectErrno, host, mdevFile } from './kernelHelpers';

describe('sysfs tree', () => {
  it('§12 list("") is the root: bus, devices, class; a leading / is accepted', () => {
    const k = host();
    expect(k.list('')).toEqual(['bus', 'devices', 'class']);
    expect(k.list('/')).toEqual(['bus', 'devices', 'class']);
    expect(k.read('/bus/ap/apmask')).toBe(k.read('bus/ap/apmask'));
    expect(k.list('bus')).toEqual(['ap', 'matrix', 'mdev']);
    expect(k.list('class')).toEqual(['mdev_bus']);
  });

  it('§2 bus/ap lists its attributes, devices/ and drivers/', () => {
    const names = host().list('bus/ap');
    for (const n of [
      'devices',
      'drivers',
      'drivers_autoprobe',
      'drivers_probe',
      'uevent',
      'ap_domain',
      'ap_adapter_mask',
      'ap_usage_domain_mask',
      'ap_control_domain_mask',
      'ap_max_adapter_id',
      'ap_max_domain_id',
      'ap_interrupts',
      'config_time',
      'poll_thread',
      'poll_timeout',
      'apmask',
      'aqmask',
      'scans',
      'bindings',
      'features'
    ])
      expect(names, n).toContain(n);
  });

  it('§2 / §6 modes: rw 0644, ro 0444, wo 0200, dirs 0755, symlinks', () => {
    const k = host();
    expect(k.stat('bus/ap/apmask')).toEqual({ kind: 'file', mode: 0o644 });
    expect(k.stat('bus/ap/bindings')).toEqual({ kind: 'file', mode: 0o444 });
    expect(k.stat('bus/ap/drivers/vfio_ap/bind')).toEqual({ kind: 'file', mode: 0o200 });
    expect(k.stat('bus/ap')).toEqual({ kind: 'dir', mode: 0o755 });
    expect(k.stat(`${TYPE}/create`).mode).toBe(0o200);
    expect(k.stat('bus/ap/devices/card05').kind).toBe('symlink');
  });

  it('§2 intermediate symlinks are followed: bus/ap/devices/05.0004/driver resolves like the kernel path', () => {
    const k = host({ apmask: '-5' });
    expect(k.stat('bus/ap/devices/05.0004/driver').target).toBe('../../../../bus/ap/drivers/vfio_ap');
    expect(k.read('bus/ap/devices/05.0004/status')).toBe('unassigned\n');
    expect(k.list('bus/ap/devices/05.0004/driver')).toContain('05.0004'); // final symlink followed on list
    expect(k.read('bus/ap/devices/card05/05.0004/driver/05.0004/status')).toBe('unassigned\n');
    expect(k.read('bus/ap/devices/card05/../card06/hwtype')).toBe('11\n');
  });

  it('§5.1 every symlink of the tree resolves to an existing node', () => {
    const k = createKernel(buildScenario('demo').state);
    const dangling: string[] = [];
    const walk = (dir: string, depth: number) => {
      for (const name of k.list(dir)) {
        const p = dir ? `${dir}/${name}` : name;
        const st = k.stat(p);
        if (st.kind === 'symlink') {
          try {
            k.list(p);
          } catch (e) {
            if ((e as { code?: string }).code === 'ENOTDIR') continue;
            dangling.push(`${p} -> ${st.target}`);
          }
        } else if (st.kind === 'dir' && depth < 8) walk(p, depth + 1);
      }
    };
    walk('', 0);
    expect(dangling).toEqual([]);
  });

  it('§6 the mdev directory holds exactly the E3 files and links', () => {
    const k = host();
    createMdev(k, U1);
    expect(k.list(`${MATRIX}/${U1}`).sort()).toEqual(
      [
        'assign_adapter',
        'unassign_adapter',
        'assign_domain',
        'unassign_domain',
        'assign_control_domain',
        'unassign_control_domain',
        'ap_config',
        'control_domains',
        'matrix',
        'guest_matrix',
        'remove',
        'uevent',
        'driver',
        'mdev_type',
        'subsystem'
      ].sort()
    );
    expect(k.stat(mdevFile(U1, 'driver')).target).toBe('../../../../bus/mdev/drivers/vfio_ap_mdev');
  });

  it('§12 the live state: writes through the kernel are visible in kernel.state', () => {
    const k = host();
    k.write('bus/ap/apmask', '-5');
    expect(k.state.apmask[0]).toBe(0xfb);
    expect(k.log).toBe(k.state.log);
  });

  it('§12 cloneKernelState is deep: writes on a clone leave the original untouched', () => {
    const base = buildScenario('demo').state;
    const copy = cloneKernelState(base);
    const k = createKernel(copy);
    k.write(mdevFile(U1, 'unassign_adapter'), '5');
    k.write('bus/ap/aqmask', '-1');
    k.event({ kind: 'card-config', id: 5, config: false });
    expect(createKernel(base).read(mdevFile(U1, 'matrix'))).toBe('05.0004\n05.00ab\n06.0004\n06.00ab\n');
    expect(createKernel(base).read('bus/ap/aqmask')).not.toBe(k.read('bus/ap/aqmask'));
    expect(base.cards.find((c) => c.id === 5)!.config).toBe(true);
  });

  it('§12 unknown paths are ENOENT at every level', () => {
    const k = host();
    for (const p of [
      'nope',
      'bus/nope',
      'devices/ap/card07',
      'devices/ap/card05/05.0005',
      'devices/ap/card05/06.0004',
      'devices/ap/card5',
      `${MATRIX}/${U1}`,
      'bus/ap/devices/05.4'
    ])
      expectErrno(() => k.stat(p), 'ENOENT');
  });
});
