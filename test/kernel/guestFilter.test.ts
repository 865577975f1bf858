/**
 * The shadow APCB / guest_matrix: full filter, incremental removals, unplugs,
 * guest lifecycle (docs/kernel-model.md §7.1-§7.4).
 */
import { describe, expect, it } from 'vitest';
import { mdev, recomputeShadow } from '../../shared/kernel';
import { U1, U2, docHost, echo, host, mdevFile, mdevWith } from './kernelHelpers';

const gm = (k: ReturnType<typeof host>, u = U1) => k.read(mdevFile(u, 'guest_matrix'));

describe('§7.1 the filter', () => {
  it('§7.1 shadow = matrix ∩ host configuration (adapters and usage domains)', () => {
    const k = host({ apmask: '-5,-0x3f', aqmask: '-4,-0x33' });
    mdevWith(k, U1, [5, 0x3f], [4, 0x33]);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n05.0033\n3f.0004\n3f.0033\n');
    expect(gm(k)).toBe('05.0004\n');
  });

  it('§7.1 a whole adapter is dropped when one of its queues is not bound to vfio_ap; domains are not', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0x47]);
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0047');
    expect(gm(k)).toBe('05.0004\n05.0047\n');
  });

  it('§7.1 adapters with no domains are kept if the host has them (05.)', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 0x3f], []);
    expect(gm(k)).toBe('05.\n');
  });

  it('§7.1 control domains are only intersected with the host control-domain mask (not shown in guest_matrix)', () => {
    const k = host({ domains: [4, 5], control: [4] });
    mdevWith(k, U1, [], [], [4, 5]);
    expect(k.state.mdevs[0].shadow.adm[0]).toBe(0x08); // only 4
    expect(gm(k)).toBe('');
  });

  it('§7.1 a queue left in the host pool drops its adapter (demo P2 shape)', () => {
    const k = host({ adapters: [1, 5], domains: [0x0e, 0x47], apmask: '-5', aqmask: '-0x47' });
    // 01.000e is host-reserved: only reachable as data (E1 history), the write would be EADDRNOTAVAIL
    k.state.mdevs.push(mdev(U1, [1, 5], [0x0e, 0x47]));
    recomputeShadow(k.state, k.state.mdevs[0]);
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('01.000e\n01.0047\n05.000e\n05.0047\n');
    expect(gm(k)).toBe('05.000e\n05.0047\n');
  });
});

describe('§7.2 when the full filter runs', () => {
  it("§7.1/§7.2 a full re-filter after an unbind keeps the unbound queue's adapter out (issue 8 point 11)", () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4]);
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0004'); // §7.4 incremental: adapter 6 leaves the shadow
    expect(gm(k)).toBe('05.0004\n');
    // a real assign re-filters from scratch (§7.2): 06.0004 is still not bound, so 6 stays out
    k.write(mdevFile(U1, 'assign_domain'), '0x47\n');
    expect(gm(k)).toBe('05.0004\n05.0047\n');
    k.write(mdevFile(U1, 'ap_config'), `0x${'06'.padEnd(64, '0')},0x${'08'.padEnd(64, '0')},0x${'0'.repeat(64)}\n`); // ap_config re-filters too
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n06.0004\n');
    expect(gm(k)).toBe('05.0004\n');
  });

  it('§7.2 on a queue binding to vfio_ap for an assigned APQN', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4]);
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0004');
    expect(gm(k)).toBe('05.0004\n');
    k.write('bus/ap/drivers/vfio_ap/bind', '06.0004');
    expect(gm(k)).toBe('05.0004\n06.0004\n');
  });

  it('§7.2 at the end of a scan that added an adapter or domain the mdev has assigned', () => {
    const k = host({ adapters: [5], apmask: '-5,-6', aqmask: '-4,-0x33' });
    mdevWith(k, U1, [5, 6], [4, 0x33]);
    expect(gm(k)).toBe('05.0004\n');
    k.event({ kind: 'adapter-add', id: 6, rawType: 11 });
    expect(gm(k)).toBe('05.0004\n06.0004\n');
    k.event({ kind: 'domain-add', id: 0x33 });
    expect(gm(k)).toBe('05.0004\n05.0033\n06.0004\n06.0033\n');
  });

  it('§7.2 on a mask change that frees assigned queues (they bind to vfio_ap)', () => {
    const k = host({ aqmask: '-4' });
    mdevWith(k, U1, [5], [4]);
    k.state.aqmask[0] = 0xff; // pretend 05.0004 had stayed host-owned (E1 history)
    recomputeShadow(k.state, k.state.mdevs[0]);
    expect(gm(k)).toBe('.0004\n');
    k.write('bus/ap/aqmask', '-4');
    expect(gm(k)).toBe('05.0004\n');
  });
});

describe('§7.3 incremental removals and the unassign quirk', () => {
  it('§7.3 the documented example: unassign_domain 0x47 does not restore adapter 6 until a full filter', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0x47]);
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0047'); // "06.0047 is missing"
    expect(gm(k)).toBe('05.0004\n05.0047\n');
    k.write(mdevFile(U1, 'unassign_domain'), '0x47');
    expect(gm(k)).toBe('05.0004\n'); // adapter 6 stays dropped although 06.0004 is bound
    // re-assigning an already assigned id and assign_control_domain do not bring it back
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '6')).toEqual(['ok']);
    k.write(mdevFile(U1, 'assign_control_domain'), '4');
    expect(gm(k)).toBe('05.0004\n');
    // a real assignment runs the full filter
    k.write(mdevFile(U1, 'assign_domain'), '0xab');
    expect(gm(k)).toBe('05.0004\n05.00ab\n06.0004\n06.00ab\n');
  });

  it('§7.3 an ap_config write is a full filter too', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0x47]);
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0047');
    k.write(mdevFile(U1, 'unassign_domain'), '0x47');
    k.write(mdevFile(U1, 'ap_config'), k.read(mdevFile(U1, 'ap_config')).replace('0x08', '0x0a')); // adds domain 6 (not in the LPAR)
    expect(gm(k)).toMatch(/^05\.0004\n/);
    expect(gm(k)).toContain('06.0004');
  });

  it('§7.3 unassign_adapter and unassign_control_domain remove from the shadow', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4], [4]);
    k.write(mdevFile(U1, 'unassign_adapter'), '5');
    k.write(mdevFile(U1, 'unassign_control_domain'), '4');
    expect(gm(k)).toBe('06.0004\n');
    expect(k.state.mdevs[0].shadow.adm.every((b) => b === 0)).toBe(true);
  });
});

describe('§7.4 unbinding, host removal, guest lifecycle', () => {
  it('§7.4 unbinding a shadowed queue removes its whole adapter from the shadow; the matrix is unchanged', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0xab]);
    k.event({ kind: 'guest-start', uuid: U1 });
    k.write('bus/ap/drivers/vfio_ap/unbind', '05.00ab');
    expect(gm(k)).toBe('06.0004\n06.00ab\n');
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n05.00ab\n06.0004\n06.00ab\n');
  });

  it('§7.4 host configuration removal takes it out of the shadow, the assignment is kept', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0xab], [4]);
    k.event({ kind: 'adapter-remove', id: 6 });
    expect(gm(k)).toBe('05.0004\n05.00ab\n');
    k.event({ kind: 'domain-remove', id: 4 });
    expect(gm(k)).toBe('05.00ab\n');
    expect(k.read(mdevFile(U1, 'matrix'))).toBe('05.0004\n05.00ab\n06.0004\n06.00ab\n');
    expect(k.read(mdevFile(U1, 'control_domains'))).toBe('0004\n');
    expect(k.state.mdevs[0].shadow.adm.every((b) => b === 0)).toBe(true);
  });

  it('§7.4 guest start pushes the shadow as it is (no re-filter); guest stop keeps the shadow', () => {
    const k = docHost();
    mdevWith(k, U1, [5, 6], [4, 0x47]);
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0047');
    k.write(mdevFile(U1, 'unassign_domain'), '0x47');
    k.event({ kind: 'guest-start', uuid: U1 });
    expect(gm(k)).toBe('05.0004\n');
    expect(k.read('devices/ap/card06/06.0004/status')).toBe('assigned\n');
    expect(k.read('devices/ap/card05/05.0004/status')).toBe('in use\n');
    k.event({ kind: 'guest-stop', uuid: U1 });
    expect(gm(k)).toBe('05.0004\n');
    expect(k.read('devices/ap/card05/05.0004/status')).toBe('assigned\n');
  });

  it('§7.4 / §6.2 while a guest runs, E3 writes are allowed and hot-plugged', () => {
    const k = docHost();
    mdevWith(k, U1, [5], [4]);
    k.event({ kind: 'guest-start', uuid: U1 });
    expect(echo(k, mdevFile(U1, 'assign_adapter'), '6')).toEqual(['ok']);
    expect(gm(k)).toBe('05.0004\n06.0004\n');
    expect(k.read('devices/ap/card06/06.0004/status')).toBe('in use\n');
  });

  it('§7.4 card deconfiguration keeps the queues in the shadow (deconfigured counts as bound, §7.1)', () => {
    const k = docHost();
    mdevWith(k, U1, [5], [4]);
    k.event({ kind: 'card-config', id: 5, config: false });
    expect(k.read('devices/ap/card05/config')).toBe('0\n');
    expect(gm(k)).toBe('05.0004\n');
  });

  it('§7.4 events on unknown mdevs or cards fail with an errno', () => {
    const k = docHost();
    expect(echo(k, 'bus/ap/scans', '1')).toEqual(['ok']);
    expect(() => k.event({ kind: 'guest-start', uuid: U2 })).toThrow(/ENOENT/);
    expect(() => k.event({ kind: 'card-config', id: 9, config: true })).toThrow(/ENODEV/);
  });
});
