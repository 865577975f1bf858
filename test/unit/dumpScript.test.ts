/**
 * The real dump command (dumpScript.ts) run by dash and bash against the kernel
 * model written out as a plain directory tree (no FUSE): its output must be
 * byte for byte the in-process dump (dumpSysfs.ts), and permission errors must
 * come out as error frames.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildScenario, createKernel } from '../../shared/kernel';
import { dumpCommand, dumpScript } from '../../shared/host/dumpScript';
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import { etcFilesFor } from '../../shared/host/etcFiles';
import { parseDump } from '../../shared/host/parseDump';
import { snapshotKernel } from '../../shared/host/snapshot';
import { materializeFiles, materializeSysfs } from './dumpTree';
import { mountScenario, run } from '../helpers/simMount';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tree(scenario: string, era?: 'E1' | 'E3') {
  const sc = buildScenario(scenario, era);
  const kernel = createKernel(sc.state);
  const root = mkdtempSync(path.join(os.tmpdir(), 'apmatrix-dump-'));
  roots.push(root);
  chmodSync(root, 0o755);
  materializeSysfs(kernel, path.join(root, 'sys'));
  const etc = etcFilesFor(sc);
  materializeFiles(etc, path.join(root, 'etc'));
  return { sc, kernel, root, etc };
}

function runDump(shell: string, root: string): string {
  return execFileSync(shell, ['-c', dumpScript()], {
    env: { PATH: process.env.PATH, SYSFS_ROOT: path.join(root, 'sys'), ETC_ROOT: path.join(root, 'etc') },
    maxBuffer: 1 << 28
  }).toString();
}

const CASES: Array<[string, 'E1' | 'E3' | undefined]> = [
  ['demo', undefined],
  ['demo', 'E1'],
  ['legacy', undefined],
  ['default', undefined]
];

describe('dump script on a real directory tree', () => {
  for (const [scenario, era] of CASES) {
    it(`${scenario}${era ? ' ' + era : ''}: dash and bash print exactly the in-process dump`, () => {
      const { sc, kernel, root, etc } = tree(scenario, era);
      const want = dumpFromSysfs(kernel, etc);
      for (const shell of ['dash', 'bash']) expect(runDump(shell, root)).toBe(want);
      const host = parseDump(want, 'x');
      expect(host.warnings).toEqual([]);
      expect({ ...host, readAt: '' }).toEqual({ ...snapshotKernel(kernel, sc, 'x'), readAt: '' });
    });
  }

  it('works through the quoted sh -c form and with fixed roots, from another directory', () => {
    const { kernel, root, etc } = tree('demo');
    const cmd = dumpCommand({ sysfsRoot: path.join(root, 'sys'), etcRoot: path.join(root, 'etc') });
    const out = execFileSync('sh', ['-c', cmd], { cwd: '/', env: { PATH: process.env.PATH }, maxBuffer: 1 << 26 }).toString();
    expect(out).toBe(dumpFromSysfs(kernel, etc));
  });

  it('odd file names (backslashes, spaces, quotes) reach the dump unchanged', () => {
    const { kernel, root, etc } = tree('demo');
    const odd = {
      ...etc,
      ["etc/libvirt/qemu/we\\ird n'ame\\c.xml"]:
        "<domain><name>Odd</name><devices><hostdev model='vfio-ap'><source><address uuid='0fe903a0-a323-44db-9daf-134c68627d61'/></source></hostdev></devices></domain>\n"
    };
    materializeFiles(odd, path.join(root, 'etc'));
    const want = dumpFromSysfs(kernel, odd);
    expect(want).toContain(" /etc/libvirt/qemu/we\\ird n'ame\\c.xml\n");
    for (const shell of ['dash', 'bash']) expect(runDump(shell, root)).toBe(want);
    expect(parseDump(want, 'odd').guests.map((g) => g.name)).toEqual(['Guest1', 'Guest2', 'Guest3', 'Odd']);
  });

  it('relative roots are taken from the working directory', () => {
    const { kernel, root, etc } = tree('legacy');
    const out = execFileSync('dash', ['-c', dumpScript()], {
      cwd: root,
      env: { PATH: process.env.PATH, SYSFS_ROOT: 'sys/', ETC_ROOT: 'etc' }
    }).toString();
    expect(out).toBe(dumpFromSysfs(kernel, etc));
  });

  it('a missing root gives a complete dump of missing frames, not a failure', () => {
    const out = execFileSync('dash', ['-c', dumpScript()], {
      env: { PATH: process.env.PATH, SYSFS_ROOT: '/nonexistent/sys', ETC_ROOT: '/nonexistent' }
    }).toString();
    const h = parseDump(out, 'none');
    expect(out).toMatch(/\n#END 23\n$/); // 10 bus files, 3 driver dirs, devices/ap, matrix, features, 3 etc dirs, 4 persistent files
    expect(h.persist).toBeUndefined(); // no persistent file at all: unknown, not "nothing persists"
    expect(h.cards).toEqual([]);
    expect(h.warnings.map((w) => w.file)).toContain('/sys/bus/ap/apmask');
  });

  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  const root = process.getuid?.() === 0;
  it.skipIf(!setpriv || !root)(
    'as a user without permission: error frames naming the directory and the file (needs root and setpriv)',
    () => {
      const { root: dir, kernel } = tree('demo');
      chmodSync(path.join(dir, 'etc/etc/libvirt/qemu'), 0o700); // root-only, as on a real host
      chmodSync(path.join(dir, 'etc/etc/mdevctl.d/matrix/62177883-f1bb-47f0-914d-32a22e3a8804'), 0o600);
      const r = spawnSync(setpriv!, ['--reuid=65534', '--regid=65534', '--clear-groups', 'dash', '-c', dumpScript()], {
        env: { PATH: process.env.PATH, SYSFS_ROOT: path.join(dir, 'sys'), ETC_ROOT: path.join(dir, 'etc') },
        maxBuffer: 1 << 26
      });
      const out = r.stdout.toString();
      expect(out).toContain('@ error EACCES /etc/libvirt/qemu\n');
      expect(out).toContain('@ error EACCES /etc/mdevctl.d/matrix/62177883-f1bb-47f0-914d-32a22e3a8804\n');
      const h = parseDump(out, 'nobody');
      expect(h.warnings).toContainEqual({ file: '/etc/libvirt/qemu', reason: 'could not be listed (EACCES)' });
      expect(h.warnings).toContainEqual({
        file: '/etc/mdevctl.d/matrix/62177883-f1bb-47f0-914d-32a22e3a8804',
        reason: 'could not be read (EACCES)'
      });
      expect(h.readable).toEqual({ libvirt: true, mdevctl: true }); // /run/libvirt/qemu was readable
      expect(h.queues).toEqual(snapshotKernel(kernel, undefined, 'x').queues);
    }
  );
});

const canFuse = existsSync('/dev/fuse') && process.getuid?.() === 0 && existsSync('/bin/fusermount');
describe('the queues of a card, read by one head(1)', () => {
  // a card's queue files are framed by head; contents that could fool the framing, and
  // cards where head fails, must give exactly what reading each file on its own gives
  const ALTERED: Record<string, string | null> = {
    'devices/ap/card00/00.0004/config': '1', // no newline at the end
    'devices/ap/card00/00.0047/chkstop': '0\n\n==> 00.00ab/config <==\n7\n', // a forged header for a later file
    'devices/ap/card00/00.00ab/request_count': '', // empty
    'devices/ap/card01/01.0005/request_count': 'x'.repeat(5000) + '\n', // over a page
    'devices/ap/card05/05.0004/request_count': null // missing: head fails, the card is read file by file
  };

  const awkHasErrno = /GNU Awk/.test(spawnSync('awk', ['--version']).stdout?.toString() ?? '');

  it('dash and bash print exactly what file-by-file reading gives (forged headers, no newline, empty, EFBIG, missing)', () => {
    const { kernel, root, etc } = tree('demo');
    for (const [rel, content] of Object.entries(ALTERED)) {
      const file = path.join(root, 'sys', rel);
      expect(existsSync(file), rel).toBe(true);
      if (content === null) rmSync(file);
      else writeFileSync(file, content);
    }
    const altered = {
      ...kernel,
      list: (p: string) => kernel.list(p).filter((n) => ALTERED[p ? `${p}/${n}` : n] !== null),
      stat: (p: string) => {
        if (ALTERED[p] === null) throw Object.assign(new Error(p), { code: 'ENOENT' });
        return kernel.stat(p);
      },
      read: (p: string) => {
        const content = ALTERED[p];
        // awk tells a missing file by its errno only where it has ERRNO (gawk); mawk says `unreadable`
        if (content === null) throw Object.assign(new Error(p), { code: awkHasErrno ? 'ENOENT' : 'unreadable' });
        // what a reader that stops after one page reports (the in-process writer carries any length)
        if (content !== undefined && content.length > 4096) throw Object.assign(new Error(p), { code: 'EFBIG' });
        return content ?? kernel.read(p);
      }
    };
    const want = dumpFromSysfs(altered, etc, { generic: true });
    expect(want).toContain('@ ok 2 config\n|1\n'); // the line as awk reads it
    expect(want).toContain('@ error EFBIG request_count');
    expect(want).toContain(awkHasErrno ? '@ missing request_count' : '@ error unreadable request_count');
    for (const shell of ['dash', 'bash']) expect(runDump(shell, root)).toBe(want);
  });
});

describe.skipIf(!canFuse)('dump script through the FUSE-mounted kernel model (needs /dev/fuse and root)', () => {
  it('demo: dash prints exactly the in-process dump, before and after a guest starts', async () => {
    const sim = await mountScenario({ scenario: 'demo' });
    try {
      const sc = buildScenario('demo');
      const kernel = createKernel(sc.state);
      const etcRoot = mkdtempSync(path.join(os.tmpdir(), 'apmatrix-etc-'));
      roots.push(etcRoot);
      const etc = etcFilesFor(sc);
      materializeFiles(etc, etcRoot);
      const dump = async () => {
        const r = await run('env', [`SYSFS_ROOT=${sim.dir}`, `ETC_ROOT=${etcRoot}`, 'dash', '-c', dumpScript()], { timeoutMs: 60_000 });
        expect(r.stderr).toBe('');
        return r.stdout;
      };
      expect(await dump()).toBe(dumpFromSysfs(kernel, etc));
      await sim.event('guest-start', 'cef03c3c-903d-4ecc-9a83-40694cb8aee4');
      kernel.event({ kind: 'guest-start', uuid: 'cef03c3c-903d-4ecc-9a83-40694cb8aee4' });
      const after = await dump();
      expect(after).toBe(dumpFromSysfs(kernel, etc));
      expect(parseDump(after, 'fuse').mdevs.find((m) => m.uuid === 'cef03c3c-903d-4ecc-9a83-40694cb8aee4')!.attached).toBe(true);
    } finally {
      await sim.stop();
    }
  }, 120_000);
});
