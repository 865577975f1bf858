/**
 * mdev attributes in E3: modes, read formats, assign/unassign, ap_config,
 * over-provisioning (docs/kernel-model.md §6, §6.1, §6.2, §6.3).
 */
import { describe, expect, it } from 'vitest';
import { maskFromIds, maskToHex } from '../../shared/ap';
import { U1, U2, createMdev, docHost, echo, expectErrno, host, mdevFile, mdevWith } from './kernelHelpers';

const Z = '0'.repeat(64);

describe('§6 files and modes', () => {
  it('§6 assign/unassign files and remove are 0200, ap_config 0644, matrix/control_domains/guest_matrix 0444', () => {
    const k = host();
    createMdev(k, U1);
    for (const f of [
      'assign_adapter',
      'unassign_adapter',
      'assign_domain',
      'unassign_domain',
      'assign_control_domain',
      'unassign_control_domain',
      'remove'
    ])
      expect(k.stat(mdevFile(U1, f)).mode, f).toBe(0o200);
    expect(k.stat(mdevFile(U1, 'ap_config')).mode).toBe(0o644);
    for (const f of ['matrix', 'control_domains', 'guest_matrix']) expect(k.stat(mdevFile(U1, f)).mode, f).toBe(0o444);
  });

  it('§6 reading a write-only file or writing a read-only one is EACCES; adapters/domains files do not exist', () => {
    const k = host();
    createMdev(k, U1);
    expectErrno(() => k.read(mdevFile(U1, 'assign_adapter')), 'EACCES');
    expectErrno(() => k.read(mdevFile(U1, 'remove')), 'EACCES');
    expectErrno(() => k.write(mdevFile(U1, 'matrix'), '5\n'), 'EACCES');
    expectErrno(() => k.write(mdevFile(U1, 'guest_matrix'), '5\n'), 'EACCES');
    expectErrno(() => k.read(mdevFile(U1, 'adapters')), 'ENOENT');
    expectErrno(() => k.read(mdevFile(U1, 'domains')), 'ENOENT');
  });
});

describe('§6.1 read formats', () => {
  it('§6.1 matrix: APID outer, both ascending, %02x.%04x', () => {
    const k = docHost();
    mdevWith(k, U1, [6, 5], [0xab, 4]);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n05.00ab\n06.0004\n06.00ab\n');
  });

  it('§6.1 matrix with only adapters: 05.\\n06.\\n; only domains: .0004\\n.00ab\\n; nothing: empty', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], []);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.\n06.\n');
    mdevWith(k, U2, [], [4, 0xab]);
    expect(k.read(mdevFile(U2, 'matrix'))).toBe('.0004\n.00ab\n');
    k.write(mdevFile(U2, 'unassign_domain'), '4');
    k.write(mdevFile(U2, 'unassign_domain'), '0xab');
    expect(k.read(mdevFile(U2, 'matrix'))).toBe('');
  });

  it('§6.1 only bits up to the maxima are printed', () => {
    const k = host({ maxDomain: 84, apmask: '-5', aqmask: '-0xab' });
    createMdev(k, U1);
    k.state.mdevs[0].aqm[0xab >> 3] |= 0x80 >> (0xab & 7); // as if the maximum had shrunk
    k.write(mdevFile(U1, 'assign_adapter'), '5');
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.\n');
  });

  it('§6.1 control_domains: one %04x line per control domain, ascending; empty when none', () => {
    const k = host();
    createMdev(k, U1);
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('');
    k.write(mdevFile(U1, 'assign_control_domain'), '0xab');
    k.write(mdevFile(U1, 'assign_control_domain'), '4');
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('0004\n00ab\n');
  });

  it('§6.1 ap_config: three 0x+64-hex masks joined by commas, 201 bytes', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4], [4]);
    const text = k.read(mdevFile(U1, 'ap_config'));
    expect(text.length).toBe(201);
    expect(text).toBe(`0x06${Z.slice(2)},0x08${Z.slice(2)},0x08${Z.slice(2)}\n`);
  });

  it('§6.1 guest_matrix never fails and is readable without a guest', () => {
    const k = docHost();
    mdevWith(k, U1, [5], [4]);
    expect(k.read(mdevFile(U1, 'guest_matrix'))).toBe('05.0004\n');
  });
});

describe('§6.2 assign and unassign (E3)', () => {
  it('§6.2 parse errors are EINVAL, overflow ERANGE', () => {
    const k = docHost();
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '08', 'five', ' 5', '0x', '-5', '99999999999999999999')).toEqual([
      'EINVAL',
      'EINVAL',
      'EINVAL',
      'EINVAL',
      'EINVAL',
      'ERANGE'
    ]);
  });

  it('§6.2 a value above the maximum is ENODEV, checked before the already-assigned shortcut', () => {
    const k = host({ maxAdapter: 63, maxDomain: 84 });
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '64', '63')).toEqual(['ENODEV', 'ok']);
    expect(echo(k, mdevFile(U1, 'assign_domain'), '85')).toEqual(['ENODEV']);
    expect(echo(k, mdevFile(U1, 'assign_control_domain'), '0x55')).toEqual(['ENODEV']);
    expect(echo(k, mdevFile(U1, 'unassign_adapter'), '64')).toEqual(['ENODEV']);
    expect(echo(k, mdevFile(U1, 'unassign_domain'), '85')).toEqual(['ENODEV']);
    expect(echo(k, mdevFile(U1, 'unassign_control_domain'), '85')).toEqual(['ENODEV']);
  });

  it('§6.2 assigning an already assigned id is a silent success without validation', () => {
    const k = host({ apmask: '-5' });
    mdevWith(k, U1, [5], [4]);
    k.state.apmask.fill(0xff); // the pool changed behind the mdev's back
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '5', '0x5')).toEqual(['ok', 'ok']);
    expect(echo(k, mdevFile(U1, 'assign_domain'), '4')).toEqual(['ok']);
  });

  it('§6.2 unassigning an id that is not assigned is a silent success', () => {
    const k = host();
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'unassign_adapter'), '7')).toEqual(['ok']);
    expect(echo(k, mdevFile(U1, 'unassign_domain'), '7')).toEqual(['ok']);
    expect(echo(k, mdevFile(U1, 'unassign_control_domain'), '7')).toEqual(['ok']);
  });

  it('§6.2 step 2: EADDRNOTAVAIL if any APQN of the whole new matrix is host-reserved; the bit is cleared again', () => {
    const k = host({ apmask: '-5' }); // adapter 5 freed, adapter 6 not
    mdevWith(k, U1, [5], [4]);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '6')).toEqual(['EADDRNOTAVAIL']);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n');
  });

  it('§6.2 step 3: EADDRINUSE if the new matrix overlaps another mdev; the first such mdev is logged per APQN', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0xab]);
    createMdev(k, U2);
    k.write(mdevFile(U2, 'assign_domain'), '4');
    expect(echo(k, mdevFile(U2, 'assign_adapter'), '5')).toEqual(['EADDRINUSE']);
    expect(k.log).toEqual([`vfio_ap_mdev ${U2}: Userspace may not assign queue 05.0004 to mdev: already assigned to ${U1}`]);
    expect(k.read(mdevFile(U2, 'matrix'))).toBe('.0004\n');
  });

  it('§6.2 / §9.2 control domains: only the range check; they may be shared and host-owned', () => {
    const k = host();
    mdevWith(k, U1, [], [], [4, 5]);
    mdevWith(k, U2, [], [], [4]);
    expect(k.read(mdevFile(U2, 'control_domains'))).toBe('0004\n');
  });

  it('§6.2 unassign_adapter / unassign_domain clear the bit; unassign_control_domain clears the control domain', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0xab], [4]);
    k.write(mdevFile(U1, 'unassign_adapter'), '6');
    k.write(mdevFile(U1, 'unassign_domain'), '0xab');
    k.write(mdevFile(U1, 'unassign_control_domain'), '4');
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n');
    expect(k.read(mdevFile(U1, 'guest_matrix'))).toBe('05.0004\n');
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('');
  });
});

describe('§6.2 ap_config write', () => {
  const hex = (ids: number[]) => maskToHex(maskFromIds(ids));
  const cfg = (a: number[], d: number[], c: number[]) => `${hex(a)},${hex(d)},${hex(c)}\n`;

  it('§6.2 replaces all three masks at once and returns the full count', () => {
    const k = docHost();
    mdevWith(k, U1, [5], [4]);
    expect(k.write(mdevFile(U1, 'ap_config'), cfg([5, 6], [0xab], [4]))).toBe(201);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.00ab\n06.00ab\n');
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('0004\n');
  });

  it('§6.2 step 1: input truncated to 201 bytes, the rest is ignored and the full count returned', () => {
    const k = docHost();
    createMdev(k, U1);
    const text = cfg([5], [4], []) + 'garbage!';
    expect(k.write(mdevFile(U1, 'ap_config'), text)).toBe(209);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n');
  });

  it('§6.2 step 2: A,B without a third token is EINVAL; A,B\\n gives an empty control mask; extra tokens ignored; short tokens padded', () => {
    const k = docHost();
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'ap_config'), '0x04,0x08')).toEqual(['ok']); // echo adds the \n
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n');
    expectErrno(() => k.write(mdevFile(U1, 'ap_config'), '0x04,0x08'), 'EINVAL');
    expectErrno(() => k.write(mdevFile(U1, 'ap_config'), '0x04'), 'EINVAL');
    expect(echo(k, mdevFile(U1, 'ap_config'), '04,x08,0x08,zzz')).toEqual(['ok']);
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('0004\n');
  });

  it('§6.2 step 2: a malformed token is EINVAL (0X, non-hex, more than 64 digits)', () => {
    const k = docHost();
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'ap_config'), '0X04,0,0', '04,0g,0', `0x${'0'.repeat(65)},0,0`)).toEqual(['EINVAL', 'EINVAL', 'EINVAL']);
  });

  it('§6.2 step 4: EADDRNOTAVAIL before EADDRINUSE before ENODEV; all or nothing', () => {
    const k = host({ apmask: '-5', aqmask: '-4', maxDomain: 84 });
    mdevWith(k, U1, [5], [4]);
    createMdev(k, U2);
    // (a) 06.0055 is host-reserved; the write also overlaps U1 (05.0004) and 0x55 is above max
    expect(echo(k, mdevFile(U2, 'ap_config'), cfg([5, 6], [4, 0x55], []).trim())).toEqual(['EADDRNOTAVAIL']);
    // (b) with 0x55 freed: overlapping U1 and above max, EADDRINUSE first
    k.write('bus/ap/aqmask', '-0x55');
    expect(echo(k, mdevFile(U2, 'ap_config'), cfg([5, 6], [4, 0x55], []).trim())).toEqual(['EADDRINUSE']);
    // (c) only above max: ENODEV
    expect(echo(k, mdevFile(U2, 'ap_config'), cfg([6], [0x55], []).trim())).toEqual(['ENODEV']);
    expect(k.read(mdevFile(U2, 'matrix'))).toBe('');
  });

  it('§6.2 step 7: writing back what cat ap_config printed is a valid no-op', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0xab], [4]);
    const before = k.read(mdevFile(U1, 'ap_config'));
    expect(k.write(mdevFile(U1, 'ap_config'), before)).toBe(201);
    expect(k.read(mdevFile(U1, 'ap_config'))).toBe(before);
  });
});

describe('§6.3 over-provisioning', () => {
  it('§6.3 ids the host does not have may be assigned if their APQNs are outside the host pool', () => {
    const k = host({ apmask: '-0x3f', aqmask: '-0x33' });
    mdevWith(k, U1, [0x3f], [0x33]);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('3f.0033\n');
    expect(k.read(mdevFile(U1, 'guest_matrix'))).toBe('');
  });

  it('§6.3 with the default all-ones masks any complete pair is EADDRNOTAVAIL', () => {
    const k = host();
    createMdev(k, U1);
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '5', '6')).toEqual(['ok', 'ok']);
    expect(echo(k, mdevFile(U1, 'assign_domain'), '4')).toEqual(['EADDRNOTAVAIL']);
  });
});
