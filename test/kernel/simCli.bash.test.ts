/**
 * The `apmatrix sim` command line itself: the `mounted DIR` line, clean
 * unmount on SIGINT/SIGTERM, and one-line errors with a non-zero status and
 * no stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apmatrix, mountScenario, type SimMount } from '../helpers/simMount';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/apmatrix.mjs');

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
        expect(await exited).toBe(0);
        expect(await isMounted(dir)).toBe(false);
        expect(out).toBe(`mounted ${dir}\n`);
        expect(err).toBe('');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('one-line errors', () => {
  let sim: SimMount;
  beforeAll(async () => {
    sim = await mountScenario({ scenario: 'default' });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test('DIR missing', async () => {
    expectOneLineError(await apmatrix(['sim', 'mount', '/nonexistent/apmatrix-dir']), /does not exist: create it with `mkdir -p/);
  });

  test('DIR busy (already a mount point)', async () => {
    expectOneLineError(await apmatrix(['sim', 'mount', sim.dir]), /busy \(already a mount point\)/);
  });

  test('unknown scenario', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-cli-'));
    try {
      expectOneLineError(await apmatrix(['sim', 'mount', dir, '--scenario', 'nope']), /unknown scenario "nope": use one of default, demo, legacy, full/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('unknown era', async () => {
    expectOneLineError(await apmatrix(['sim', 'mount', os.tmpdir(), '--era', '6.5']), /unsupported era "6.5"/);
  });

  test('unknown event and bad event arguments', async () => {
    expectOneLineError(await apmatrix(['sim', 'event', sim.dir, 'reboot']), /unknown event "reboot"; use one of: guest-start UUID/);
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
