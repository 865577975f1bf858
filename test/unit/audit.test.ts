import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/api/contract';
import { formatApqn, maskFromIds, maskSet, parseApqn } from '../../shared/ap';
import { buildScenario, createKernel, DEMO_UUIDS, LEGACY_UUIDS, mdev, type ScenarioData } from '../../shared/kernel';
import { AUDIT_CODES, audit } from '../../shared/host/audit';
import { snapshotKernel } from '../../shared/host/snapshot';

const apqns = (...names: string[]) =>
  names.map((n) => {
    const q = parseApqn(n)!;
    return q.adapter * 256 + q.domain;
  });
const range = (a: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => a * 256 + from + i);

function auditOf(sc: ScenarioData, extras = true): Finding[] {
  return audit(snapshotKernel(createKernel(sc.state), extras ? sc : undefined, `demo:${sc.name}`));
}

/** code, severity, cells (as APQNs) and mdevs of each finding */
const summary = (fs: Finding[]) =>
  fs.map((f) => ({ code: f.code, severity: f.severity, cells: f.cells.map((c) => formatApqn(c >>> 8, c & 255)), mdevs: f.mdevs }));

describe('audit of the scenarios: every planted problem and nothing else', () => {
  it('demo: P1 host-owned queue, P2 filtered adapter, P3 over-provisioned adapter, P4 idle freed queues', () => {
    const fs = auditOf(buildScenario('demo'));
    const idle = [
      ...apqns('00.0004', '00.0047', '00.00ab', '00.00ff', '01.0004', '01.00ab', '02.0004', '02.0047', '02.00ab', '02.00ff'),
      ...range(0x05, 0x00, 0x03),
      ...range(0x05, 0x05, 0x0d),
      ...apqns('05.000f'),
      ...range(0x06, 0x00, 0x03),
      ...range(0x06, 0x05, 0x0f)
    ].sort((a, b) => a - b);
    expect(idle.length).toBe(39);
    expect(summary(fs)).toEqual([
      { code: 'mdev-queue-host-owned', severity: 'error', cells: ['01.000e'], mdevs: [DEMO_UUIDS.Guest2] },
      { code: 'adapter-filtered', severity: 'warning', cells: ['01.000e', '01.0047', '01.00ff'], mdevs: [DEMO_UUIDS.Guest2] },
      { code: 'over-provisioned', severity: 'warning', cells: ['3f.0047', '3f.00ff'], mdevs: [DEMO_UUIDS.Guest3] },
      // Q1 (the stale udev rule) and P1 at the next boot
      {
        code: 'reboot-definition-refused',
        severity: 'warning',
        cells: ['01.000e', '01.0047', '01.00ff', '05.000e', '05.0047', '05.00ff'],
        mdevs: [DEMO_UUIDS.Guest2]
      },
      {
        code: 'reboot-definition-refused',
        severity: 'warning',
        cells: ['05.0004', '05.00ab', '06.0004', '06.00ab'],
        mdevs: [DEMO_UUIDS.Guest1]
      },
      {
        code: 'reboot-guest-loses-queues',
        severity: 'warning',
        cells: ['05.0004', '05.00ab', '06.0004', '06.00ab'],
        mdevs: [DEMO_UUIDS.Guest1]
      },
      { code: 'reboot-guest-loses-queues', severity: 'warning', cells: ['05.000e', '05.0047', '05.00ff'], mdevs: [DEMO_UUIDS.Guest2] },
      {
        code: 'reboot-mask-change',
        severity: 'warning',
        cells: [
          '00.00ab',
          '01.00ab',
          '02.00ab',
          ...range(0x06, 0x00, 0x0f)
            .filter((c) => c !== 0x0604)
            .map((c) => formatApqn(c >>> 8, c & 255)),
          '06.00ab'
        ],
        mdevs: []
      },
      { code: 'freed-queue-idle', severity: 'info', cells: idle.map((c) => formatApqn(c >>> 8, c & 255)), mdevs: [] }
    ]);
  });

  it('demo at the next boot: the sentences name the rule, the refused write and the guest', () => {
    const fs = auditOf(buildScenario('demo'));
    const msg = (code: string) => fs.filter((f) => f.code === code).map((f) => f.message);
    expect(msg('reboot-mask-change')[0]).toMatch(
      /^After a reboot apmask \(udev rule in \/etc\/udev\/rules\.d\/41-ap\.rules\) gives adapter 06 back to the host and aqmask .* gives domain 00ab back to the host/
    );
    expect(msg('reboot-definition-refused')[1]).toContain(
      '(Guest1) fails to start: assign_domain 0x00ab is refused with EADDRNOTAVAIL (queue 06.00ab'
    );
    expect(msg('reboot-guest-loses-queues')[0]).toBe(
      'Guest1 (mdev 62177883-f1bb-47f0-914d-32a22e3a8804) would lose 05.0004, 05.00ab, 06.0004 and 06.00ab after a reboot (its mdev is not started).'
    );
  });

  it('demo: the sentences name the queues in hex and the guests', () => {
    const [p1, p2, p3] = auditOf(buildScenario('demo'));
    expect(p1.message).toMatch(/01\.000e.*Guest2/);
    expect(p2.message).toMatch(
      /^Adapter 01 is filtered out of the guest matrix of mdev cef03c3c-903d-4ecc-9a83-40694cb8aee4 \(Guest2\): 01\.000e is bound to cex4queue/
    );
    expect(p2.message).toContain('loses 01.0047 and 01.00ff');
    expect(p3.message).toMatch(/Guest3\) is assigned adapter 3f, which this LPAR does not have/);
  });

  it('legacy (E1): L1 host-owned queue, and so its definition fails at the next boot', () => {
    expect(summary(auditOf(buildScenario('legacy')))).toEqual([
      { code: 'mdev-queue-host-owned', severity: 'error', cells: ['0a.0006'], mdevs: [LEGACY_UUIDS.LegacyGuest2] },
      { code: 'reboot-definition-refused', severity: 'warning', cells: ['0a.0006'], mdevs: [LEGACY_UUIDS.LegacyGuest2] }
    ]);
  });

  it('default: nothing; full: only the idle freed queues its README calls by design', () => {
    expect(auditOf(buildScenario('default'))).toEqual([]);
    const full = auditOf(buildScenario('full'));
    expect(full.map((f) => f.code)).toEqual(['freed-queue-idle']);
    expect(full[0].cells.length).toBe(128 * 256 - 64 * 8);
  }, 60_000);

  it('every finding code is one of AUDIT_CODES', () => {
    for (const name of ['demo', 'legacy']) for (const f of auditOf(buildScenario(name))) expect(AUDIT_CODES).toContain(f.code);
  });
});

describe('audit rules one by one', () => {
  const codes = (fs: Finding[]) => fs.map((f) => f.code);
  const only = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);

  it('queue-in-two-mdevs: an error naming both mdevs and the shared queue', () => {
    const sc = buildScenario('legacy');
    sc.state.mdevs.push(mdev('aaaaaaaa-0000-4000-8000-000000000001', [0x04], [0x47]));
    const f = only(auditOf(sc), 'queue-in-two-mdevs');
    expect(summary(f)).toEqual([
      {
        code: 'queue-in-two-mdevs',
        severity: 'error',
        cells: ['04.0047'],
        mdevs: [LEGACY_UUIDS.LegacyGuest1, 'aaaaaaaa-0000-4000-8000-000000000001']
      }
    ]);
    expect(f[0].message).toMatch(/04\.0047 is assigned to both .*LegacyGuest1/);
  });

  it('queue-in-two-mdevs: found when the last-listed mdev is one of the two (issue 8 point 11)', () => {
    const sc = buildScenario('legacy');
    const last = 'ffffffff-0000-4000-8000-000000000001';
    sc.state.mdevs.push(mdev(last, [0x04], [0x47]));
    const host = snapshotKernel(createKernel(sc.state), sc, 'demo:legacy');
    expect(host.mdevs.length).toBeGreaterThan(2);
    expect(host.mdevs[host.mdevs.length - 1].uuid).toBe(last);
    const f = audit(host).filter((x) => x.code === 'queue-in-two-mdevs');
    expect(summary(f)).toEqual([
      { code: 'queue-in-two-mdevs', severity: 'error', cells: ['04.0047'], mdevs: [LEGACY_UUIDS.LegacyGuest1, last] }
    ]);
  });

  it('queue-cannot-bind: an LPAR adapter without a device; info when idle, warning when an mdev holds it', () => {
    const sc = buildScenario('demo');
    maskSet(sc.state.adapters, 0x07); // in the LPAR, no card entry: no AP device
    sc.state.apmask[0] &= ~0x01; // apmask bit 07 cleared: freed
    let f = only(auditOf(sc), 'queue-cannot-bind');
    expect(f.length).toBe(1);
    expect(f[0].severity).toBe('info');
    expect(f[0].cells).toEqual(auditOf(sc).find((x) => x.code === 'queue-cannot-bind')!.cells);
    expect(f[0].cells.length).toBe(19); // every usage domain of adapter 07
    expect(f[0].message).toMatch(/^Adapter 07 is in the LPAR but has no AP device/);
    sc.state.mdevs[2].apm = maskFromIds([0x06, 0x07]);
    f = only(auditOf(sc), 'queue-cannot-bind');
    expect(f[0].severity).toBe('warning');
    expect(f[0].mdevs).toEqual([DEMO_UUIDS.Guest3]);
  });

  it('queue-cannot-bind: a freed queue unbound by hand', () => {
    const sc = buildScenario('demo');
    const k = createKernel(sc.state);
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0005');
    const f = only(audit(snapshotKernel(k, sc)), 'queue-cannot-bind');
    expect(summary(f)).toEqual([{ code: 'queue-cannot-bind', severity: 'info', cells: ['06.0005'], mdevs: [] }]);
    expect(f[0].message).toMatch(/bound to no driver/);
  });

  it('id-above-max: an mdev and an mdevctl definition with ids above the maxima', () => {
    // E3: ap_config shows the whole masks (in E1 the matrix file prints ids up to the maxima only)
    const sc = buildScenario('legacy', 'E3'); // max domain 84 = 0x54
    maskSet(sc.state.mdevs[1].aqm, 0x60);
    maskSet(sc.state.mdevs[1].adm, 0x60);
    sc.mdevctl[1].attrs.push(['assign_domain', '0x60'], ['assign_control_domain', '0x60']);
    const f = only(auditOf(sc), 'id-above-max');
    expect(f.length).toBe(2);
    expect(f.every((x) => x.mdevs[0] === LEGACY_UUIDS.LegacyGuest2)).toBe(true);
    expect(f.some((x) => /domain 0060, control domain 0060, above this machine's maximum/.test(x.message))).toBe(true);
    expect(f.some((x) => /mdevctl definition .* assigns domain 0060, above .* ENODEV/.test(x.message))).toBe(true);
  });

  it('over-provisioned: a usage domain the LPAR does not have', () => {
    const sc = buildScenario('demo');
    maskSet(sc.state.mdevs[0].aqm, 0x50);
    maskSet(sc.state.mdevs[0].adm, 0x50);
    sc.mdevctl[0].attrs.push(['assign_domain', '0x50'], ['assign_control_domain', '0x50']);
    const f = summary(only(auditOf(sc), 'over-provisioned')).find((x) => x.mdevs[0] === DEMO_UUIDS.Guest1);
    expect(f).toEqual({ code: 'over-provisioned', severity: 'warning', cells: ['05.0050', '06.0050'], mdevs: [DEMO_UUIDS.Guest1] });
    expect(codes(auditOf(sc))).toContain('control-domain-outside-lpar'); // 0x50 is not an LPAR control domain either
  });

  it('usage-domain-without-control and control-domain-outside-lpar', () => {
    const sc = buildScenario('demo');
    sc.state.mdevs[0].adm = maskFromIds([0x04, 0x30]); // drops 00ab, adds 0030 (not an LPAR control domain)
    sc.mdevctl[0].attrs = sc.mdevctl[0].attrs
      .filter(([k]) => k !== 'assign_control_domain')
      .concat([
        ['assign_control_domain', '4'],
        ['assign_control_domain', '0x30']
      ]);
    const fs = auditOf(sc);
    expect(summary(only(fs, 'usage-domain-without-control'))).toEqual([
      { code: 'usage-domain-without-control', severity: 'info', cells: ['05.00ab', '06.00ab'], mdevs: [DEMO_UUIDS.Guest1] }
    ]);
    const out = only(fs, 'control-domain-outside-lpar');
    expect(summary(out)).toEqual([{ code: 'control-domain-outside-lpar', severity: 'warning', cells: [], mdevs: [DEMO_UUIDS.Guest1] }]);
    expect(out[0].message).toContain('control domain 0030');
    expect(codes(fs)).not.toContain('mdevctl-differs');
  });

  it('adapter-filtered with no queue to blame: the stale filter of §7.3', () => {
    const sc = buildScenario('demo');
    sc.state.mdevs[0].shadow.apm = maskFromIds([0x05]); // adapter 06 dropped, all its queues bound
    const f = only(auditOf(sc), 'adapter-filtered').find((x) => x.mdevs[0] === DEMO_UUIDS.Guest1)!;
    expect(summary([f])[0].cells).toEqual(['06.0004', '06.00ab']);
    expect(f.message).toMatch(/Adapter 06 .*no queue explains it now/);
  });

  it('mdevctl: not active, differs from the active mdev, overlapping definitions, unusable values', () => {
    const sc = buildScenario('demo');
    sc.mdevctl[1].attrs = sc.mdevctl[1].attrs.filter(([k, v]) => !(k === 'assign_domain' && v === '0x00ff'));
    sc.mdevctl.push({
      uuid: 'bbbbbbbb-0000-4000-8000-000000000002',
      start: 'auto',
      attrs: [
        ['assign_adapter', '6'],
        ['assign_domain', '0x47']
      ]
    });
    sc.mdevctl.push({
      uuid: 'cccccccc-0000-4000-8000-000000000003',
      start: 'manual',
      attrs: [
        ['assign_adapter', '08'],
        ['assign_domain', '300']
      ]
    });
    const fs = auditOf(sc);
    const differs = only(fs, 'mdevctl-differs');
    expect(summary(differs)).toEqual([
      { code: 'mdevctl-differs', severity: 'warning', cells: ['01.00ff', '05.00ff'], mdevs: [DEMO_UUIDS.Guest2] }
    ]);
    expect(differs[0].message).toContain('domain 00ff active but not defined');
    expect(summary(only(fs, 'mdevctl-not-active')).map((x) => [x.severity, x.mdevs[0]])).toEqual([
      ['warning', 'bbbbbbbb-0000-4000-8000-000000000002'],
      ['info', 'cccccccc-0000-4000-8000-000000000003']
    ]);
    const overlap = summary(only(fs, 'mdevctl-overlap'));
    expect(overlap).toEqual([
      {
        code: 'mdevctl-overlap',
        severity: 'warning',
        cells: ['06.0047'],
        mdevs: [DEMO_UUIDS.Guest3, 'bbbbbbbb-0000-4000-8000-000000000002']
      }
    ]);
    const invalid = only(fs, 'mdevctl-invalid');
    expect(invalid.map((x) => x.mdevs[0])).toEqual(['cccccccc-0000-4000-8000-000000000003']);
    expect(invalid[0].message).toMatch(/"08" is not a number the kernel accepts.*assign_domain=300 does not fit/);
  });

  it('libvirt: an mdev no guest uses, a guest whose mdev is missing; nothing when libvirt is unknown', () => {
    const sc = buildScenario('demo');
    sc.guests = sc.guests.filter((g) => g.name !== 'Guest3');
    sc.guests.push({ name: 'Guest4', mdev: 'dddddddd-0000-4000-8000-000000000004', running: false });
    const fs = auditOf(sc);
    expect(summary(only(fs, 'mdev-no-guest'))).toEqual([
      { code: 'mdev-no-guest', severity: 'info', cells: ['06.0047', '06.00ff', '3f.0047', '3f.00ff'], mdevs: [DEMO_UUIDS.Guest3] }
    ]);
    const missing = only(fs, 'guest-mdev-missing');
    expect(missing.map((x) => x.message)).toEqual([
      'Guest Guest4 uses mdev dddddddd-0000-4000-8000-000000000004, which does not exist; starting it will fail.'
    ]);
    const unknown = auditOf(buildScenario('demo'), false);
    expect(codes(unknown)).not.toContain('mdev-no-guest');
    expect(codes(unknown).filter((c) => c.startsWith('mdevctl'))).toEqual([]);
  });

  it('findings come errors first, then warnings, then infos', () => {
    const sc = buildScenario('demo');
    sc.state.mdevs.push(mdev('eeeeeeee-0000-4000-8000-000000000005', [0x05], [0x04]));
    const sev = auditOf(sc).map((f) => f.severity);
    expect(sev).toEqual([...sev].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(sev[0]).toBe('error');
  });
});
