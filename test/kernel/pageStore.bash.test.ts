/**
 * Bash tier of the one-page store (§8): through the FUSE mount, a single
 * write(2) of more than a page reaches the model as the kernel would take it,
 * one page, then the rest as a second store. `dd bs=8192` makes exactly one
 * write(2) of the whole file. Served through libfuse (direct_io), dd sees the
 * short write of sysfs and loops; served directly, the page cache splits the
 * write itself and dd sees one complete write (docs/kernel-model.md §8.1).
 * Both must leave the model in the same state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bash, mountScenario, type SimMount } from '../helpers/simMount';

const LONG = Array(683).fill('+0x00').join(',') + '\n'; // 4,098 bytes

describe.each([
  { fuse: 'libfuse' as const, seen: ['4098) = 4096', '2) = 2'] },
  { fuse: 'direct' as const, seen: ['4098) = 4098'] }
])('one store per page through FUSE (§8), served $fuse', ({ fuse, seen }) => {
  let sim: SimMount;
  let work: string;
  beforeAll(async () => {
    sim = await mountScenario({ scenario: 'default', fuse });
    work = await mkdtemp(path.join(os.tmpdir(), 'apmx-page-'));
    await writeFile(path.join(work, 'long'), LONG);
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('one write(2) of 4,098 bytes: the first page is a relative store, the rest `0` an absolute one', async () => {
    const r = await bash(
      `strace -e trace=write -o '${work}/trace' dd if='${work}/long' of=bus/ap/apmask bs=8192 count=1 status=none; echo rc=$?; cat bus/ap/apmask`,
      { cwd: sim.dir }
    );
    expect(r.stdout.split('\n')).toEqual(['rc=0', '0x' + '0'.repeat(64), '']);
    // what dd saw
    const writes = (await readFile(path.join(work, 'trace'), 'utf8')).split('\n').filter((l) => /^write\(1,/.test(l));
    expect(
      writes.map((l) =>
        l
          .replace(/^.*\.\.\., /, '')
          .replace(/^write\(1, "[^"]*", /, '')
          .replace(/\s+/g, ' ')
      )
    ).toEqual(seen);
  });

  it('the same bytes written in one store of under a page are one relative write', async () => {
    const r = await bash(`echo 0x${'f'.repeat(64)} > bus/ap/apmask; printf '+0x00,+0x00,-0x01\\n' > bus/ap/apmask; cat bus/ap/apmask`, {
      cwd: sim.dir
    });
    expect(r.stdout.trim()).toBe('0xbf' + 'f'.repeat(62));
  });
});
