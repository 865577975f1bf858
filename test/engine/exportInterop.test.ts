/**
 * The interop exports run for real (issue 3 item 6): the libvirt and mdevctl
 * scripts run under bash and dash with stand-in `virsh`/`mdevctl`/`chzdev`
 * commands that record their calls (virsh validates every node device file
 * with the real libvirt schema); the XML passes `virt-xml-validate`; the
 * mdevctl JSON reads back equal; and after the plan script ran on the FUSE
 * mount, the mount's masks and every mdev's ap_config equal what the chzdev,
 * kernel-parameter and mdevctl exports say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SHELLS, U4 } from './demoPlans';
import { bash, mountScenario, run } from '../helpers/simMount';
import { hostOfKernel } from '../helpers/hostOfKernel';
import { buildScenario, DEMO_UUIDS } from '../../shared/kernel';
import { fullMask, maskFromIds, maskToHex, parseKernelCommandLine, parseRelativeMask, type Mask } from '../../shared/ap';
import type { HostState } from '../../shared/host/hostState';
import type { Plan } from '../../shared/plan/operations';
import {
  exportChzdev,
  exportKernelParams,
  exportLibvirt,
  exportMdevctl,
  exportShellScript,
  hostdevXml,
  nodedevXml,
  parseMdevctlJson,
  pictureOfHost,
  predictAfter
} from '../../shared/export';

const { Guest3 } = DEMO_UUIDS;

const PLAN: Plan = {
  title: 'new mdev on 00.0005; Guest3 gives up 00ff',
  operations: [
    { kind: 'aqmask', set: [], clear: [0x05] },
    { kind: 'apmask', set: [], clear: [0x02] },
    { kind: 'create-mdev', uuid: U4 },
    { kind: 'assign-adapter', uuid: U4, id: 0x00 },
    { kind: 'assign-domain', uuid: U4, id: 0x05 },
    { kind: 'assign-control-domain', uuid: U4, id: 0x05 },
    { kind: 'unassign-domain', uuid: Guest3, id: 0xff }
  ]
};

const FAKE_VIRSH = `#!/bin/sh
echo "virsh $*" >> "$APMATRIX_CALLS"
if [ "$1" = nodedev-define ]; then
  if ! virt-xml-validate "$2" nodedev > "$2.check" 2>&1; then cat "$2.check" >&2; exit 1; fi
  rm -f "$2.check"
  u=$(sed -n 's:.*<uuid>\\(.*\\)</uuid>.*:\\1:p' "$2")
  echo "Node device 'mdev_$(echo "$u" | tr - _)_matrix' defined from '$2'"
fi
exit 0
`;

const FAKE_MDEVCTL = `#!/bin/sh
echo "mdevctl $*" >> "$APMATRIX_CALLS"
u=''; f=''
while [ $# -gt 0 ]; do
  case "$1" in -u) u=$2; shift ;; --jsonfile) f=$2; shift ;; esac
  shift
done
if [ -n "$f" ]; then cp "$f" "$MDEVCTL_DIR/$u"; fi
exit 0
`;

const FAKE_CHZDEV = `#!/bin/sh
echo "chzdev $*" >> "$APMATRIX_CALLS"
exit 0
`;

let work: string;
let bin: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-interop-'));
  bin = path.join(work, 'bin');
  await mkdir(bin);
  for (const [name, text] of [
    ['virsh', FAKE_VIRSH],
    ['mdevctl', FAKE_MDEVCTL],
    ['chzdev', FAKE_CHZDEV]
  ]) {
    await writeFile(path.join(bin, name), text);
    await chmod(path.join(bin, name), 0o755);
  }
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs an exported script in a fresh directory with the stand-in tools first in PATH. */
async function runExport(shell: string, text: string): Promise<{ dir: string; calls: string[]; mdevctlDir: string }> {
  const dir = await mkdtemp(path.join(work, 'run-'));
  const mdevctlDir = path.join(dir, 'etc-mdevctl');
  await mkdir(mdevctlDir);
  await writeFile(path.join(dir, 'export.sh'), text);
  const calls = path.join(dir, 'calls.txt');
  const env = `PATH='${bin}':"$PATH" APMATRIX_CALLS='${calls}' MDEVCTL_DIR='${mdevctlDir}'`;
  const r = await run('sh', ['-c', `cd '${dir}' && ${env} ${shell} export.sh`]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const callText = existsSync(calls) ? await readFile(calls, 'utf8') : '';
  return { dir, calls: callText.trim().split('\n').filter(Boolean), mdevctlDir };
}

async function validate(file: string, kind: 'nodedev' | 'domain'): Promise<number | null> {
  return (await run('virt-xml-validate', [file, kind])).code;
}

/** a hostile guest name (it must stay inside comments) and a defined mdevctl device */
const INTEROP_EXTRAS: Partial<HostState> = {
  guests: [{ name: "Guest3'\n$(touch /tmp/apmatrix-pwned)", mdev: Guest3, running: false, file: '' }],
  mdevctl: [{ uuid: Guest3, start: 'manual', attrs: [], file: '' }]
};

function domainWith(hostdev: string): string {
  return [
    "<domain type='kvm'>",
    '  <name>apmatrix-check</name>',
    "  <memory unit='KiB'>524288</memory>",
    "  <os><type arch='s390x' machine='s390-ccw-virtio'>hvm</type></os>",
    '  <devices>',
    hostdev.trimEnd(),
    '  </devices>',
    '</domain>',
    ''
  ].join('\n');
}

describe('libvirt XML', () => {
  it('virt-xml-validate accepts every node device and hostdev, and rejects a broken one', async () => {
    const scenario = buildScenario('demo');
    const after = predictAfter(pictureOfHost(hostOfKernel(scenario.state, 'demo', INTEROP_EXTRAS)), PLAN);
    for (const m of after.mdevs.values()) {
      const nd = path.join(work, `nd-${m.uuid}.xml`);
      await writeFile(nd, nodedevXml(m));
      expect(await validate(nd, 'nodedev')).toBe(0);
      const dom = path.join(work, `dom-${m.uuid}.xml`);
      await writeFile(dom, domainWith(hostdevXml(m.uuid)));
      expect(await validate(dom, 'domain')).toBe(0);
    }
    // the check can fail: an attr without value, a hostdev without source
    const bad = path.join(work, 'bad.xml');
    await writeFile(
      bad,
      nodedevXml({ uuid: U4, apm: maskFromIds([5]), aqm: maskFromIds([]), adm: maskFromIds([]) }).replace(" value='0x05'", '')
    );
    expect(await validate(bad, 'nodedev')).not.toBe(0);
    await writeFile(bad, domainWith("<hostdev mode='subsystem' type='mdev' managed='no' model='vfio-ap'/>"));
    expect(await validate(bad, 'domain')).not.toBe(0);
  });
});

describe.each(SHELLS)('exported interop scripts under %s', (shell) => {
  it('the libvirt script defines, starts and autostarts each mdev with schema-valid files', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo', INTEROP_EXTRAS);
    const { dir, calls } = await runExport(shell, exportLibvirt(host, PLAN));
    const uuids = [...predictAfter(pictureOfHost(host), PLAN).mdevs.keys()];
    expect(calls).toEqual(
      uuids.flatMap((u) => {
        const name = `mdev_${u.replace(/-/g, '_')}_matrix`;
        return [`virsh nodedev-define mdev-${u}.xml`, `virsh nodedev-start ${name}`, `virsh nodedev-autostart ${name}`];
      })
    );
    for (const u of uuids) {
      const dom = path.join(dir, `dom-${u}.xml`);
      await writeFile(dom, domainWith(await readFile(path.join(dir, `hostdev-${u}.xml`), 'utf8')));
      expect(await validate(dom, 'domain')).toBe(0);
    }
    expect(existsSync('/tmp/apmatrix-pwned')).toBe(false);
  });

  it('the mdevctl script defines the new mdev, redefines the changed defined one, and the JSON reads back equal', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo', INTEROP_EXTRAS);
    const after = predictAfter(pictureOfHost(host), PLAN);
    const { calls, mdevctlDir } = await runExport(shell, exportMdevctl(host, PLAN));
    // only the mdevs the plan changes (U4 new, Guest3 shrunk), in the forms every mdevctl since 1.0 takes
    expect(calls).toEqual([
      `mdevctl undefine -u ${Guest3} -p matrix`,
      `mdevctl define -u ${Guest3} -p matrix --jsonfile ${Guest3}.json`,
      `mdevctl define -u ${U4} -p matrix --jsonfile ${U4}.json`
    ]);
    expect((await readdir(mdevctlDir)).sort()).toEqual([U4, Guest3].sort());
    for (const [u, m] of [...after.mdevs].filter(([u]) => u === U4 || u === Guest3)) {
      const back = parseMdevctlJson(await readFile(path.join(mdevctlDir, u), 'utf8'));
      expect(back.start).toBe(u === Guest3 ? 'manual' : 'auto');
      expect([maskToHex(back.apm), maskToHex(back.aqm), maskToHex(back.adm)]).toEqual([
        maskToHex(m.apm),
        maskToHex(m.aqm),
        maskToHex(m.adm)
      ]);
    }
  });
});

/** chzdev's absolute decimal ranges (docs/host-tools.md §2.1). */
function chzdevMask(value: string): Mask {
  if (value.startsWith('-')) return parseRelativeMask(value, fullMask());
  const ids: number[] = [];
  for (const part of value.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a); i++) ids.push(i);
  }
  return maskFromIds(ids);
}

describe('exports agree with the mount after the plan ran', () => {
  it('chzdev, kernel parameters and mdevctl JSON equal the mounted host masks and ap_config', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo', INTEROP_EXTRAS);
    const sim = await mountScenario({ scenario: 'demo' });
    try {
      const lockDir = await mkdtemp(path.join(work, 'lock-'));
      const script = path.join(work, 'plan.sh');
      await writeFile(script, exportShellScript(host, PLAN));
      const r = await run('sh', [
        '-c',
        `SYSFS_ROOT='${sim.dir}' bash '${script}' --lock '${lockDir}/lock' --journal-dir '${lockDir}/journal'`
      ]);
      expect(r.code).toBe(0);

      const read = await bash('cat bus/ap/apmask bus/ap/aqmask', { cwd: sim.dir });
      const [apmask, aqmask] = read.stdout.trim().split('\n');

      const kp = parseKernelCommandLine(
        exportKernelParams(host, PLAN)
          .split('\n')
          .find((l) => l.startsWith('ap.'))!
      );
      expect([maskToHex(kp.apmask!), maskToHex(kp.aqmask!)]).toEqual([apmask, aqmask]);

      const { calls } = await runExport('bash', `${exportChzdev(host, PLAN)}`);
      const m = /^chzdev -t ap apmask=(\S+) aqmask=(\S+)$/.exec(calls[0])!;
      expect(calls).toHaveLength(1);
      expect([maskToHex(chzdevMask(m[1])), maskToHex(chzdevMask(m[2]))]).toEqual([apmask, aqmask]);

      const { mdevctlDir } = await runExport('bash', exportMdevctl(host, PLAN));
      for (const u of await readdir(mdevctlDir)) {
        const back = parseMdevctlJson(await readFile(path.join(mdevctlDir, u), 'utf8'));
        const cfg = await bash(`cat devices/vfio_ap/matrix/${u}/ap_config`, { cwd: sim.dir });
        expect(cfg.stdout).toBe(`${maskToHex(back.apm)},${maskToHex(back.aqm)},${maskToHex(back.adm)}\n`);
      }

      // the kernel accepts the attr values as written: re-create the new mdev the way
      // `mdevctl start` does (create, then each attr in order, docs/host-tools.md §4), once from the
      // mdevctl JSON ("5", "0x47") and once from the libvirt XML ("0x05", "0x0047")
      const before = (await bash(`cat devices/vfio_ap/matrix/${U4}/ap_config`, { cwd: sim.dir })).stdout;
      const fromJson = parseMdevctlJson(await readFile(path.join(mdevctlDir, U4), 'utf8')).attrs;
      const fromXml = [
        ...nodedevXml(predictAfter(pictureOfHost(host), PLAN).mdevs.get(U4)!).matchAll(/<attr name='(\w+)' value='(\w+)'\/>/g)
      ].map((m): [string, string] => [m[1], m[2]]);
      expect(fromXml.map(([k]) => k)).toEqual(fromJson.map(([k]) => k));
      for (const attrs of [fromJson, fromXml]) {
        const create = 'devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough/create';
        const lines = [
          'set -e',
          `printf '%s\\n' 1 > devices/vfio_ap/matrix/${U4}/remove`,
          `printf '%s\\n' ${U4} > ${create}`,
          ...attrs.map(([k, v]) => `printf '%s\\n' '${v}' > devices/vfio_ap/matrix/${U4}/${k}`)
        ];
        const r2 = await bash(lines.join('\n'), { cwd: sim.dir });
        expect(r2.stderr).toBe('');
        expect((await bash(`cat devices/vfio_ap/matrix/${U4}/ap_config`, { cwd: sim.dir })).stdout).toBe(before);
      }
    } finally {
      await sim.stop();
    }
  });
});
