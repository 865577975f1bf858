/**
 * The `apmatrix sim` command line itself: the `mounted DIR` line, clean
 * unmount on SIGINT/SIGTERM, and one-line errors with a non-zero status and
 * no stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apmatrix, run } from '../helpers/simMount';
import { mountForTests } from '../helpers/mountForTests';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/apmatrix.mjs');
const ROOT = path.resolve(path.dirname(CLI), '..');

async function isMounted(dir: string): Promise<boolean> {
  return (await readFile('/proc/mounts', 'utf8')).split('\n').some((l) => l.split(' ')[1] === dir);
}

function expectOneLineError(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('apmatrix sim mount', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`prints exactly "mounted DIR" and unmounts on ${signal}`, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-cli-'));
      try {
        const child = spawn(process.execPath, [CLI, 'sim', 'mount', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        await new Promise<void>((resolve, reject) => {
          child.stdout.setEncoding('utf8').on('data', (c: string) => {
            out += c;
            if (out.includes('\n')) resolve();
          });
          child.on('exit', () => reject(new Error(`exited before mounting: ${err}`)));
        });
        expect(out).toBe(`mounted ${dir}\n`);
        expect(await isMounted(dir)).toBe(true);
        child.kill(signal);
        const code = await exited;
        expect({ code, err, mounted: await isMounted(dir) }).toEqual({ code: 0, err: '', mounted: false });
        expect(out).toBe(`mounted ${dir}\n`);
      } finally {
        await run('fusermount', ['-uz', dir]).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('a stale mount (its server was killed)', () => {
  test('event and mount both say how to clear it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-cli-'));
    const child = spawn(process.execPath, [CLI, 'sim', 'mount', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => resolve());
        child.on('exit', () => reject(new Error('exited before mounting')));
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      expectOneLineError(
        await apmatrix(['sim', 'event', dir, 'adapter-add', '05']),
        /is a stale mount .*: clear it with `(umount -l|fusermount -uz) /
      );
      expectOneLineError(await apmatrix(['sim', 'mount', dir]), /is a stale FUSE mount: clear it with `(umount -l|fusermount -uz) /);
    } finally {
      child.kill('SIGKILL');
      await run('fusermount', ['-uz', dir]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('one-line errors', () => {
  const sim = mountForTests({ scenario: 'default' });

  test('DIR missing', async () => {
    expectOneLineError(await apmatrix(['sim', 'mount', '/nonexistent/apmatrix-dir']), /does not exist: create it with `mkdir -p/);
  });

  test('DIR busy (already a mount point)', async () => {
    expectOneLineError(await apmatrix(['sim', 'mount', sim.dir]), /busy \(already a mount point\)/);
  });

  test('unknown scenario', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-cli-'));
    try {
      expectOneLineError(
        await apmatrix(['sim', 'mount', dir, '--scenario', 'nope']),
        /unknown scenario "nope": use one of default, demo, legacy, full/
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('unknown era', async () => {
    expectOneLineError(await apmatrix(['sim', 'mount', os.tmpdir(), '--era', '6.5']), /unsupported era "6.5"/);
  });

  test('unknown event and bad event arguments', async () => {
    expectOneLineError(
      await apmatrix(['sim', 'event', sim.dir, 'power-cycle']),
      /unknown event "power-cycle"; use one of: guest-start UUID/
    );
    // reboot is an event (issue 10); a mount without --etc refuses it, saying how
    expectOneLineError(
      await apmatrix(['sim', 'event', sim.dir, 'reboot']),
      /event refused: this simulator has no persistent files: mount it with `--etc ETCDIR` to reboot it/
    );
    expectOneLineError(await apmatrix(['sim', 'event', sim.dir, 'adapter-add', 'zz9']), /hexadecimal ID/);
    expectOneLineError(await apmatrix(['sim', 'event', sim.dir, 'card-config', '05', '2']), /0 or 1/);
  });

  test('event on a directory where nothing is mounted', async () => {
    expectOneLineError(await apmatrix(['sim', 'event', os.tmpdir(), 'adapter-add', '05']), /no simulator is mounted at .*; start one with/);
  });

  test('unknown command', async () => {
    expectOneLineError(await apmatrix(['frobnicate']), /^apmatrix: unknown command "frobnicate"/);
  });
});

// Missing FUSE parts are simulated in a private mount namespace (root + unshare),
// so the machine itself is not touched.
const canUnshare = process.getuid?.() === 0 && existsSync('/usr/bin/unshare');

describe.skipIf(!canUnshare)('FUSE or libfuse missing (private mount namespace)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  // the libfuse path (what every user but root takes; as root, APMATRIX_SIM_FUSE=libfuse)
  const libfuseEnv = { ...process.env, APMATRIX_SIM_FUSE: 'libfuse' };
  const inNamespace = (setup: string, env: NodeJS.ProcessEnv = libfuseEnv) =>
    run('unshare', ['-m', 'bash', '-c', `${setup} && exec "${process.execPath}" "${CLI}" sim mount "${dir}"`], { env });

  test('/dev/fuse missing', async () => {
    expectOneLineError(
      await inNamespace('mount -t tmpfs none /dev'),
      /\/dev\/fuse is missing or not accessible: load the module with `modprobe fuse`/
    );
  });

  test('libfuse2 missing', async () => {
    const lib = ['/lib/x86_64-linux-gnu/libfuse.so.2', '/usr/lib/x86_64-linux-gnu/libfuse.so.2'].find((p) => existsSync(p));
    expect(lib, 'libfuse.so.2 must be installed for this test to hide it').toBeDefined();
    const empty = path.join(dir, 'empty.so');
    await writeFile(empty, '');
    expectOneLineError(
      await inNamespace(`mount --bind "${empty}" "${lib}"`),
      /libfuse2 is missing: install it with `apt-get install libfuse2 fuse`/
    );
  });

  test('the optional fuse-native package missing (npm install --omit=optional, or its install failed)', async () => {
    const pkg = realpathSync(path.join(ROOT, 'node_modules', 'fuse-native'));
    const empty = path.join(dir, 'no-fuse-native');
    await mkdir(empty, { recursive: true });
    expectOneLineError(
      await inNamespace(`mount --bind "${empty}" "${pkg}"`),
      /the FUSE binding \(optional npm package fuse-native\) is not installed: run `apt-get install libfuse2 fuse`, then `npm install --include=optional`/
    );
  });

  test('fusermount missing', async () => {
    expectOneLineError(
      await run(process.execPath, [CLI, 'sim', 'mount', dir], { env: { ...libfuseEnv, PATH: '/nonexistent' } }),
      /fusermount is missing: install FUSE with `apt-get install fuse libfuse2`/
    );
  });

  test('root needs neither libfuse2, fuse-native nor fusermount: it mounts over /dev/fuse itself', async () => {
    const lib = ['/lib/x86_64-linux-gnu/libfuse.so.2', '/usr/lib/x86_64-linux-gnu/libfuse.so.2'].find((p) => existsSync(p));
    const pkg = realpathSync(path.join(ROOT, 'node_modules', 'fuse-native'));
    const empty = path.join(dir, 'hidden');
    await mkdir(empty, { recursive: true });
    await writeFile(path.join(dir, 'empty.so'), '');
    const mnt = path.join(dir, 'mnt');
    await mkdir(mnt, { recursive: true });
    // in a private namespace: hide all three, mount, read one file through the mount, stop
    const fusermount = ['/usr/bin/fusermount', '/bin/fusermount'].find((p) => existsSync(p));
    const script = [
      lib ? `mount --bind "${dir}/empty.so" "${lib}"` : 'true',
      fusermount ? `mount --bind "${dir}/empty.so" "${fusermount}"` : 'true',
      `mount --bind "${empty}" "${pkg}"`,
      `"${process.execPath}" "${CLI}" sim mount "${mnt}" > "${dir}/out" 2>&1 &`,
      `for i in $(seq 100); do grep -q mounted "${dir}/out" && break; sleep 0.1; done`,
      `cat "${mnt}/bus/ap/ap_max_domain_id"; cat "${dir}/out"`,
      'kill %1; wait'
    ].join('\n');
    const r = await run('unshare', ['-m', 'bash', '-c', script], { env: { ...process.env, APMATRIX_SIM_FUSE: '' }, timeoutMs: 30_000 });
    expect(r.stdout.split('\n').slice(0, 2), r.stderr).toEqual(['84', `mounted ${mnt}`]);
  });
});

describe('argument grammar of sim mount and sim event', () => {
  test('eras: 6.10+ and E3 are E3, 5.x and E1 are E1, 6.0-6.9 is refused', async () => {
    const { parseEra } = await import('../../electron/sim/simArgs');
    expect(['6.17', '6.10', '7.0', 'E3', 'e3', '6.17.0-100-generic'].map(parseEra)).toEqual(['E3', 'E3', 'E3', 'E3', 'E3', 'E3']);
    expect(['5.15', '5.4', 'E1'].map(parseEra)).toEqual(['E1', 'E1', 'E1']);
    for (const bad of ['6.5', '6.0', 'E2', 'latest', '']) expect(() => parseEra(bad)).toThrow(/unsupported era/);
  });

  test('event IDs are hexadecimal as in sysfs names; UUIDs are lowercased', async () => {
    const { parseEvent } = await import('../../electron/sim/simEvents');
    expect(parseEvent('adapter-add', ['0a'])).toEqual({ kind: 'adapter-add', id: 10 });
    expect(parseEvent('domain-remove', ['0x47'])).toEqual({ kind: 'domain-remove', id: 0x47 });
    expect(parseEvent('domain-add', ['00ff'])).toEqual({ kind: 'domain-add', id: 0xff });
    expect(parseEvent('card-config', ['05', '0'])).toEqual({ kind: 'card-config', id: 5, config: false });
    expect(parseEvent('guest-start', ['62177883-F1BB-47F0-914D-32A22E3A8804'])).toEqual({
      kind: 'guest-start',
      uuid: '62177883-f1bb-47f0-914d-32a22e3a8804'
    });
    for (const [kind, args] of [
      ['adapter-add', ['100']],
      ['adapter-add', []],
      ['adapter-add', ['1', '2']],
      ['guest-stop', ['62177883']],
      ['card-config', ['05']],
      ['reboot', ['now']],
      ['power-cycle', []]
    ] as const) {
      expect(() => parseEvent(kind, [...args])).toThrow();
    }
  });
});
