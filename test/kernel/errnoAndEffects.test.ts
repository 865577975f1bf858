/**
 * The errno catalogue as callers see it, ordering effects, sharing, dmesg lines,
 * atomicity and the resulting driver per queue (docs/kernel-model.md §8, §9).
 */
import { describe, expect, it } from 'vitest';
import { ERRNO_NUMBER, KernelError, STRERROR } from '../../shared/ap';
import { buildScenario, cloneKernelState, createKernel } from '../../shared/kernel';
import { MATRIX, TYPE, U1, U2, U3, createMdev, docHost, echo, errnoOf, expectErrno, host, mdevFile, mdevWith } from './kernelHelpers';

describe('§8 errno catalogue', () => {
  it('§8 every errno of the catalogue is reachable through a sysfs write', () => {
    const k = host({ apmask: '-5', aqmask: '-4', maxDomain: 84 });
    mdevWith(k, U1, [5], [4]);
    createMdev(k, U2);
    const got = {
      EINVAL: errnoOf(() => k.write(mdevFile(U2, 'assign_adapter'), 'x\n')),
      ERANGE: errnoOf(() => k.write(mdevFile(U2, 'assign_adapter'), '0x10000000000000000\n')),
      ENODEV: errnoOf(() => k.write(mdevFile(U2, 'assign_domain'), '85\n')),
      EADDRNOTAVAIL: errnoOf(() => {
        k.write(mdevFile(U2, 'assign_adapter'), '6\n');
        k.write(mdevFile(U2, 'assign_domain'), '0x47\n');
      }),
      EADDRINUSE: errnoOf(() => {
        k.write(mdevFile(U2, 'unassign_adapter'), '6\n');
        k.write(mdevFile(U2, 'assign_adapter'), '5\n');
        k.write(mdevFile(U2, 'assign_domain'), '4\n');
      }),
      EBUSY: errnoOf(() => {
        k.write('bus/ap/apmask', '+5\n'); // still alternate through aqmask bit 4
        k.write('bus/ap/aqmask', '+4\n');
      }),
      EEXIST: errnoOf(() => k.write(`${TYPE}/create`, U1 + '\n')),
      EACCES: errnoOf(() => k.read(mdevFile(U1, 'assign_domain'))),
      ENOENT: errnoOf(() => k.read(`${MATRIX}/${U3}/matrix`))
    };
    expect(got).toEqual({
      EINVAL: 'EINVAL',
      ERANGE: 'ERANGE',
      ENODEV: 'ENODEV',
      EADDRNOTAVAIL: 'EADDRNOTAVAIL',
      EADDRINUSE: 'EADDRINUSE',
      EBUSY: 'EBUSY',
      EEXIST: 'EEXIST',
      EACCES: 'EACCES',
      ENOENT: 'ENOENT'
    });
  });

  it('§8 errors carry the errno name, the glibc text, the path and the input', () => {
    const k = docHost();
    createMdev(k, U1);
    try {
      k.write(mdevFile(U1, 'assign_adapter'), '300\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KernelError);
      const err = e as KernelError;
      expect(err.code).toBe('ENODEV');
      expect(err.input).toBe('300\n');
      expect(err.path).toBe(mdevFile(U1, 'assign_adapter'));
      expect(err.message).toContain(STRERROR.ENODEV);
      expect(ERRNO_NUMBER[err.code]).toBe(19);
    }
  });

  it('§8 EACCES and ENOENT come at open time: even an empty write to a read-only file is EACCES', () => {
    const k = host();
    expectErrno(() => k.write('bus/ap/bindings', ''), 'EACCES');
    expectErrno(() => k.write('bus/ap/nonexistent', ''), 'ENOENT');
  });

  it('§8 a zero-length write never reaches the driver (returns 0, no error)', () => {
    const k = host();
    createMdev(k, U1);
    expect(k.write(mdevFile(U1, 'assign_adapter'), '')).toBe(0);
    expect(k.write('bus/ap/apmask', '')).toBe(0);
    expect(k.read('bus/ap/apmask')).toBe(`0x${'f'.repeat(64)}\n`);
  });

  it('§8 a successful store consumes the whole buffer; a multi-line buffer is one value ("5\\n6\\n" is EINVAL)', () => {
    const k = docHost();
    createMdev(k, U1);
    expect(k.write(mdevFile(U1, 'assign_adapter'), '5\n')).toBe(2);
    expectErrno(() => k.write(mdevFile(U1, 'assign_adapter'), '5\n6\n'), 'EINVAL');
  });

  it('§8 directories: reading is EISDIR, listing a file ENOTDIR, a path through a file ENOTDIR', () => {
    const k = host();
    expectErrno(() => k.read('bus/ap'), 'EISDIR');
    expectErrno(() => k.list('bus/ap/apmask'), 'ENOTDIR');
    expectErrno(() => k.read('bus/ap/apmask/x'), 'ENOTDIR');
  });
});

describe('§9.1 ordering effects', () => {
  it('§9.1 adapters first always pass; the error comes on the first domain that forms a bad pair', () => {
    const k = host({ aqmask: '-4' }); // adapters are all host-owned, only domain 4 freed
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '5', '6')).toEqual(['ok', 'ok']);
    expect(echo(k, mdevFile(U1, 'assign_domain'), '4', '0x47')).toEqual(['ok', 'EADDRNOTAVAIL']);
  });

  it('§9.1 one bad pair makes every later assign fail until the matrix is valid again', () => {
    const k = host({ apmask: '-5' });
    mdevWith(k, U1, [5], [4]);
    k.state.apmask.fill(0xff); // host pool took 05.0004 back (only possible as data in E3)
    expect(echo(k, mdevFile(U1, 'assign_domain'), '0x47', '0xab')).toEqual(['EADDRNOTAVAIL', 'EADDRNOTAVAIL']);
    k.write('bus/ap/apmask', '-5');
    expect(echo(k, mdevFile(U1, 'assign_domain'), '0x47')).toEqual(['ok']);
  });

  it('§9.1 an APQN stops being assignable as soon as the host pool takes it back', () => {
    const k = host({ apmask: '-5' });
    createMdev(k, U1);
    k.write(mdevFile(U1, 'assign_adapter'), '5');
    k.write('bus/ap/apmask', '+5');
    expect(echo(k, mdevFile(U1, 'assign_domain'), '4')).toEqual(['EADDRNOTAVAIL']);
  });
});

describe('§9.2 sharing and uniqueness', () => {
  it('§9.2 usage APQNs are exclusive across mdevs; disjoint products may share adapters or domains', () => {
    const k = host({ apmask: '-5,-6', aqmask: '-4,-0x47' });
    mdevWith(k, U1, [5], [4]);
    mdevWith(k, U2, [5], [0x47]);
    mdevWith(k, U3, [6], [4]);
    expect(echo(k, mdevFile(U3, 'assign_adapter'), '5')).toEqual(['EADDRINUSE']);
  });

  it('§9.2 control domains are not exclusive', () => {
    const k = host();
    mdevWith(k, U1, [], [], [4]);
    mdevWith(k, U2, [], [], [4]);
    expect(k.read(mdevFile(U2, 'control_domains'))).toBe('0004\n');
  });
});

describe('§9.3 kernel log lines', () => {
  it('§9.3 an assignment conflict logs one line per overlapping APQN with the first conflicting mdev (6.15+ text)', () => {
    const k = host({ apmask: '-0,-4,-5', aqmask: '-0x33,-0x54' });
    mdevWith(k, U1, [4, 5], [0x54]);
    mdevWith(k, U2, [0], [0x33, 0x54]);
    expect(echo(k, mdevFile(U2, 'assign_adapter'), '5')).toEqual(['EADDRINUSE']);
    expect(k.log).toEqual([`vfio_ap_mdev ${U2}: Userspace may not assign queue 05.0054 to mdev: already assigned to ${U1}`]);
    createMdev(k, U3);
    k.write(mdevFile(U3, 'assign_domain'), '0x54');
    expect(echo(k, mdevFile(U3, 'assign_adapter'), '4')).toEqual(['EADDRINUSE']);
    expect(k.log[1]).toBe(`vfio_ap_mdev ${U3}: Userspace may not assign queue 04.0054 to mdev: already assigned to ${U1}`);
  });
});

describe('§9.4 atomic, serialised writes', () => {
  it('§9.4 a failed write leaves the state exactly as before', () => {
    const k = createKernel(buildScenario('demo').state);
    const before = JSON.stringify(cloneKernelState(k.state), (_, v) => (v instanceof Uint8Array ? Array.from(v) : v));
    for (const [p, v] of [
      ['bus/ap/apmask', '+5'],
      [mdevFile(U3, 'assign_adapter'), '5'],
      [mdevFile(U3, 'ap_config'), '0x04,0x08,0\n']
    ])
      expect(errnoOf(() => k.write(p, v + '\n'))).not.toBe('ok');
    k.state.log.length = 0;
    expect(JSON.stringify(k.state, (_, v) => (v instanceof Uint8Array ? Array.from(v) : v))).toBe(before);
  });
});

describe('§9.7 / §9.8 resulting driver per queue', () => {
  it('§9.8 no device / cex4queue / vfio_ap / unbound, as the table says', () => {
    const s = buildScenario('default').state;
    const k = createKernel(s);
    k.write('bus/ap/apmask', '-1');
    expectErrno(() => k.stat('devices/ap/card07'), 'ENOENT'); // not configured → no device
    expect(k.stat('devices/ap/card00/00.0000/driver').target).toContain('cex4queue');
    expect(k.stat('devices/ap/card01/01.0000/driver').target).toContain('vfio_ap');
    s.vfioLoaded = false;
    expect(k.list('devices/ap/card01/01.0000')).not.toContain('driver');
  });

  it('§9.7 queues moved to vfio_ap read request_count "-" (uninitiated); host queues count from 0', () => {
    const k = host({ apmask: '-5' });
    expect(k.read('devices/ap/card05/05.0004/request_count')).toBe('-\n');
    expect(k.read('devices/ap/card06/06.0004/request_count')).toBe('0\n');
  });
});
