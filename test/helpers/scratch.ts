/**
 * Scratch folders and host read-backs shared by the script tests: a folder
 * for one test file, and a host read from a mount by the dump script the
 * engine runs on a real host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { dumpScript } from '../../shared/host/dumpScript';
import type { HostState } from '../../shared/host/hostState';
import { parseDump } from '../../shared/host/parseDump';
import { run } from './simMount';

/** A folder below the temp dir (named `prefix…`), made now and removed after the file's last test. */
export function scratchDirForFile(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The host in mount `dir`, read by the dump script under sh (with an empty etc root made below `scratch`). */
export async function readByDump(scratch: string, dir: string, source: string): Promise<HostState> {
  const etc = await mkdtemp(path.join(scratch, 'etc-'));
  const r = await run('sh', ['-c', dumpScript({ sysfsRoot: dir, etcRoot: etc })], { timeoutMs: 30_000 });
  expect(r.code).toBe(0);
  return parseDump(r.stdout, source);
}

/** What a plan can change: the host masks and every mdev's three masks. */
export function masksOf(h: HostState): unknown {
  return { apmask: h.apmask, aqmask: h.aqmask, mdevs: Object.fromEntries(h.mdevs.map((m) => [m.uuid, [m.apm, m.aqm, m.adm]])) };
}
