/**
 * The interop exporters (issue 3 item 5): chzdev ranges, kernel parameters,
 * mdevctl JSON, libvirt XML, QEMU option, lszcrypt -V text; each checked
 * against the documented examples (docs/host-tools.md) and read back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  emptyMask,
  fullMask,
  maskFromIds,
  maskIds,
  maskToHex,
  parseKernelCommandLine,
  parseRelativeMask,
  type Mask
} from '../../shared/ap';
import type { CardInfo, HostState, QueueInfo } from '../../shared/host/hostState';
import type { Plan } from '../../shared/plan/operations';
import {
  chzdevCommands,
  chzdevIni,
  chzdevMaskValue,
  exportChzdev,
  exportKernelParams,
  exportLibvirt,
  exportMdevctl,
  exportPlan,
  exportQemu,
  formatLszcrypt,
  hostdevXml,
  kernelParams,
  mdevctlJson,
  nodedevXml,
  parseMdevctlJson,
  qemuDeviceOption,
  ExportError
} from '../../shared/export';

const U = '8f8b1c1e-5f7e-4d55-9c3a-2f4a1f0b6c11';
const Z = maskToHex(emptyMask());
const F = maskToHex(fullMask());

function host(extra: Partial<HostState> = {}): HostState {
  return {
    source: 'ssh:kvmhost1',
    readAt: '2026-11-21T23:00:00.000Z',
    era: 'E3',
    busFeatures: ['APSC', 'APXA', 'QACT', 'RC8A'],
    matrixFeatures: [],
    maxAdapter: 255,
    maxDomain: 255,
    lpar: { adapters: F, usageDomains: F, controlDomains: F },
    apmask: F,
    aqmask: F,
    apDomain: 5,
    vfioLoaded: true,
    cards: [],
    queues: [],
    mdevs: [],
    guests: [],
    mdevctl: [],
    warnings: [],
    fingerprint: '',
    ...extra
  };
}

/** The plan of the documentation example: free 5, 6 and 0x47, 0xff; one mdev with them. */
const DOC_PLAN: Plan = {
  title: 'doc example',
  operations: [
    { kind: 'apmask', set: [], clear: [5, 6] },
    { kind: 'aqmask', set: [], clear: [0x47, 0xff] },
    { kind: 'create-mdev', uuid: U },
    { kind: 'assign-adapter', uuid: U, id: 5 },
    { kind: 'assign-adapter', uuid: U, id: 6 },
    { kind: 'assign-domain', uuid: U, id: 0x47 },
    { kind: 'assign-domain', uuid: U, id: 0xff },
    { kind: 'assign-control-domain', uuid: U, id: 0x47 }
  ]
};

/** chzdev's absolute decimal range list (docs/host-tools.md §2.1), or the relative `-0-255`. */
function parseChzdevValue(v: string): Mask {
  if (v.startsWith('-')) return parseRelativeMask(v, fullMask());
  const ids: number[] = [];
  for (const part of v.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a); i++) ids.push(i);
  }
  return maskFromIds(ids);
}

const maskArb = fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((ids) => maskFromIds(ids));

describe('chzdev', () => {
  it('prints the resulting host masks as decimal ranges (docs/host-tools.md §2.1, §2.4)', () => {
    const text = exportChzdev(host(), DOC_PLAN);
    expect(text).toContain('\nchzdev -t ap apmask=0-4,7-255 aqmask=0-70,72-254\n');
    expect(text).toContain('#   chzdev -t ap -p apmask=0-4,7-255 aqmask=0-70,72-254');
    expect(text).toContain('#   chzdev -t ap -a apmask=0-4,7-255 aqmask=0-70,72-254');
  });

  it('writes the --export ini form (docs/host-tools.md §2.5)', () => {
    const ini = chzdevIni(host(), DOC_PLAN)
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    expect(ini).toEqual([
      '[active ap]',
      'apmask=0-4,7-255',
      'aqmask=0-70,72-254',
      '',
      '[persistent ap]',
      'apmask=0-4,7-255',
      'aqmask=0-70,72-254',
      ''
    ]);
  });

  it('never prints an empty list: nothing for the host is -0-255', () => {
    expect(chzdevMaskValue(emptyMask())).toBe('-0-255');
    expect(chzdevCommands(emptyMask(), fullMask()).both).toBe('chzdev -t ap apmask=-0-255 aqmask=0-255');
  });

  it('every mask reads back equal from its chzdev value', () => {
    fc.assert(
      fc.property(maskArb, (m) => {
        expect(maskIds(parseChzdevValue(chzdevMaskValue(m)))).toEqual(maskIds(m));
      })
    );
  });
});

describe('kernel parameters', () => {
  it('reads back equal with the kernel parameter grammar (§1.3)', () => {
    fc.assert(
      fc.property(maskArb, maskArb, (a, q) => {
        const back = parseKernelCommandLine(kernelParams(a, q));
        expect(maskToHex(back.apmask!)).toBe(maskToHex(a));
        expect(maskToHex(back.aqmask!)).toBe(maskToHex(q));
      })
    );
  });

  it('exports the masks after the plan', () => {
    const line = exportKernelParams(host(), DOC_PLAN)
      .split('\n')
      .find((l) => l.startsWith('ap.'))!;
    expect(line).toBe(`ap.apmask=0xf9${'f'.repeat(62)} ap.aqmask=0x${'f'.repeat(17)}e${'f'.repeat(45)}e`);
  });
});

describe('mdevctl', () => {
  it('writes the documented JSON, 2-space pretty, attrs in order (docs/host-tools.md §3.5)', () => {
    const json = mdevctlJson({ apm: maskFromIds([5, 6]), aqm: maskFromIds([0x47, 0xff]), adm: maskFromIds([0x47]) });
    expect(json).toBe(
      [
        '{',
        '  "mdev_type": "vfio_ap-passthrough",',
        '  "start": "auto",',
        '  "attrs": [',
        '    {',
        '      "assign_adapter": "5"',
        '    },',
        '    {',
        '      "assign_adapter": "6"',
        '    },',
        '    {',
        '      "assign_domain": "0x47"',
        '    },',
        '    {',
        '      "assign_domain": "0xff"',
        '    },',
        '    {',
        '      "assign_control_domain": "0x47"',
        '    }',
        '  ]',
        '}',
        ''
      ].join('\n')
    );
  });

  it('reads every config back equal', () => {
    fc.assert(
      fc.property(maskArb, maskArb, maskArb, fc.constantFrom('auto' as const, 'manual' as const), (apm, aqm, adm, start) => {
        const back = parseMdevctlJson(mdevctlJson({ apm, aqm, adm }, start));
        expect(back.start).toBe(start);
        expect([maskToHex(back.apm), maskToHex(back.aqm), maskToHex(back.adm)]).toEqual([maskToHex(apm), maskToHex(aqm), maskToHex(adm)]);
      })
    );
  });

  it('reads values with base auto-detection and refuses what the kernel refuses', () => {
    const cfg = (v: string) => JSON.stringify({ mdev_type: 'vfio_ap-passthrough', start: 'auto', attrs: [{ assign_domain: v }] });
    expect(maskIds(parseMdevctlJson(cfg('010')).aqm)).toEqual([8]);
    expect(maskIds(parseMdevctlJson(cfg('0x47')).aqm)).toEqual([0x47]);
    expect(() => parseMdevctlJson(cfg('08'))).toThrow(ExportError);
    expect(() => parseMdevctlJson(cfg('256'))).toThrow(/above 255/);
    expect(() => parseMdevctlJson(JSON.stringify({ mdev_type: 'vfio_ccw-io', start: 'auto', attrs: [] }))).toThrow(/mdev_type/);
  });

  it('defines new mdevs and redefines defined ones (undefine, define: no modify --jsonfile)', () => {
    const text = exportMdevctl(host(), DOC_PLAN);
    expect(text).toContain(`mdevctl define -u ${U} -p matrix --jsonfile ${U}.json`);
    const defined = exportMdevctl(host({ mdevctl: [{ uuid: U, start: 'manual', attrs: [], file: '' }] }), DOC_PLAN);
    expect(defined).toContain(`mdevctl undefine -u ${U} -p matrix\nmdevctl define -u ${U} -p matrix --jsonfile ${U}.json`);
    expect(defined).not.toContain('modify');
    expect(defined).toContain('"start": "manual"');
  });
});

describe('libvirt', () => {
  it('writes the node device XML of docs/host-tools.md §5.1', () => {
    const xml = nodedevXml({ uuid: U, apm: maskFromIds([5, 6]), aqm: maskFromIds([0x47, 0xff]), adm: maskFromIds([0x47]) });
    expect(xml).toBe(
      [
        '<device>',
        '  <name>mdev_8f8b1c1e_5f7e_4d55_9c3a_2f4a1f0b6c11_matrix</name>',
        '  <parent>ap_matrix</parent>',
        "  <capability type='mdev'>",
        "    <type id='vfio_ap-passthrough'/>",
        `    <uuid>${U}</uuid>`,
        "    <attr name='assign_adapter' value='0x05'/>",
        "    <attr name='assign_adapter' value='0x06'/>",
        "    <attr name='assign_domain' value='0x0047'/>",
        "    <attr name='assign_domain' value='0x00ff'/>",
        "    <attr name='assign_control_domain' value='0x0047'/>",
        '  </capability>',
        '</device>',
        ''
      ].join('\n')
    );
  });

  it('writes the guest hostdev of docs/host-tools.md §5.2 and refuses a non-UUID', () => {
    expect(hostdevXml(U)).toBe(
      `<hostdev mode='subsystem' type='mdev' managed='no' model='vfio-ap'>\n  <source>\n    <address uuid='${U}'/>\n  </source>\n</hostdev>\n`
    );
    expect(() => hostdevXml("x' onload='1")).toThrow(ExportError);
  });

  it('names guests only in comments', () => {
    const h = host({ guests: [{ name: "evil'\n$(rm -rf /)", mdev: U, running: false, file: '' }] });
    const text = exportLibvirt(h, DOC_PLAN);
    for (const line of text.split('\n')) if (line.includes('evil')) expect(line.startsWith('#')).toBe(true);
    expect(text).not.toContain('\n$(rm');
  });
});

describe('QEMU', () => {
  it('prints -device vfio-ap,sysfsdev=... per mdev (docs/host-tools.md §6)', () => {
    expect(qemuDeviceOption(U)).toBe(`-device vfio-ap,sysfsdev=/sys/bus/mdev/devices/${U}`);
    expect(exportQemu(host(), DOC_PLAN)).toContain(`\n-device vfio-ap,sysfsdev=/sys/bus/mdev/devices/${U}\n`);
  });
});

describe('lszcrypt -V', () => {
  const card = (extra: Partial<CardInfo> = {}): CardInfo => ({
    id: 3,
    hwtype: 14,
    rawHwtype: 14,
    type: 'CEX8C',
    mode: 'CCA-Coproc',
    functions: 0x92800000,
    depth: 8,
    config: true,
    chkstop: false,
    online: true,
    driver: 'cex4card',
    requestCount: 12,
    serialnr: null,
    ...extra
  });
  const queue = (domain: number, extra: Partial<QueueInfo> = {}): QueueInfo => ({
    adapter: 3,
    domain,
    driver: 'cex4queue',
    online: true,
    status: null,
    config: true,
    chkstop: false,
    requestCount: 12,
    ...extra
  });

  it('matches the documented -V example (docs/host-tools.md §1.2), columns padded to their widths', () => {
    const h = host({
      cards: [card()],
      queues: [
        queue(7, { driver: null, online: null, requestCount: 0 }),
        queue(5),
        queue(6, { driver: 'vfio_ap', online: null, status: 'in use', requestCount: 0 })
      ]
    });
    const lines = formatLszcrypt(h).split('\n');
    expect(lines.map((l) => l.trimEnd())).toEqual([
      'CARD.DOM TYPE  MODE        STATUS     REQUESTS  PENDING HWTYPE QDEPTH FUNCTIONS  DRIVER',
      '-'.repeat(92),
      '03       CEX8C CCA-Coproc  online           12        0     14     08 S--D--N-F- cex4card',
      '03.0005  CEX8C CCA-Coproc  online           12        0     14     08 S--D--N-F- cex4queue',
      '03.0006  CEX8C CCA-Coproc  in use            0        -     14     08 S--D--N-F- vfio_ap',
      '03.0007  CEX8C CCA-Coproc  -                 0        -     14     08 S--D--N-F- -no-driver-',
      ''
    ]);
    for (const l of lines.slice(0, 6)) expect(l).toHaveLength(92);
  });

  it('shows deconfigured and checkstopped devices, SESTAT with APSB, and the default-domain warning', () => {
    const h = host({
      busFeatures: ['APSC', 'APSB'],
      apDomain: -1,
      cards: [card({ id: 5, config: false, requestCount: null }), card({ id: 4, chkstop: true })],
      queues: [queue(1, { adapter: 4, chkstop: true })]
    });
    const lines = formatLszcrypt(h).split('\n');
    expect(lines[1]).toBe('-'.repeat(104));
    expect(lines[2].startsWith('04       CEX8C CCA-Coproc  chkstop ')).toBe(true);
    expect(lines[3].startsWith('04.0001  CEX8C CCA-Coproc  chkstop ')).toBe(true);
    expect(lines[4].startsWith('05       CEX8C CCA-Coproc  deconfig          -        - ')).toBe(true);
    expect(lines[3].endsWith(' cex4queue   usable     ')).toBe(true);
    expect(lines[5]).toBe('Warning: Default domain 0xffffffffffffffff is not available.');
  });
});

describe('exportPlan', () => {
  it('gives every format a text and a safe file name', () => {
    for (const f of ['sh', 'chzdev', 'mdevctl', 'libvirt', 'kparm', 'qemu', 'lszcrypt'] as const) {
      const r = exportPlan(host({ source: 'ssh:root@kvm host/1' }), DOC_PLAN, f);
      expect(r.text.length).toBeGreaterThan(0);
      expect(r.filename).toMatch(/^apmatrix-ssh-root-kvm-host-1-[a-z-]+\.(sh|txt)$/);
    }
  });

  it('refuses a plan with an operation that does not validate', () => {
    const bad = { title: 'x', operations: [{ kind: 'assign-adapter', uuid: U, id: 256 }] } as unknown as Plan;
    for (const f of ['sh', 'chzdev', 'mdevctl', 'libvirt', 'kparm', 'qemu'] as const)
      expect(() => exportPlan(host(), bad, f)).toThrow(ExportError);
    expect(() => exportPlan(host({ apmask: 'ff; reboot' }), DOC_PLAN, 'kparm')).toThrow(/host.apmask/);
  });

  it('ignores a host without mdevs when building the mdev forms', () => {
    expect(exportQemu(host(), { title: '', operations: [] })).toContain('no mdev exists after the plan');
    expect(Z).toBe('0x' + '0'.repeat(64));
  });
});
