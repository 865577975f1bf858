/**
 * Persistent writes are journalled and rolled back like active ones (issue 10
 * point 3, issue 8 point 5): an apply killed between two persistent changes
 * (SIGKILL, as `kill -9` or a lost machine: no trap runs) leaves a journal
 * that says which persistent changes landed and what each replaced;
 * `apply --rollback` (CLI and engine) puts the udev rule and the definitions
 * back byte for byte and the active state too, `--resume` finishes them.
 * On a FUSE mount with an etc directory; journal and lock in temporary
 * directories (never the machine's /run or /etc).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fullMask, maskToHex, parseRelativeMask } from '../../shared/ap';
import { exportShellScript } from '../../shared/export';
import { parseJournal } from '../../shared/export/shellJournal';
import { parseUdevRule } from '../../shared/persist';
import { mdevctlJson } from '../../shared/persist/mdevctlFile';
import { writeUdevRule } from '../../shared/persist/udevRule';
import { applyPlan } from '../../electron/engine/applier';
import { journalsOf } from '../../electron/engine/applyJournal';
import { hostProjection } from '../../electron/engine/landed';
import { readHost } from '../../electron/engine/reader';
import { createLocalTransport } from '../../electron/transport/local';
import { shellLink } from '../../electron/transport/shellLink';
import { apmatrix, mountScenario, run, type SimMount } from '../helpers/simMount';
import { killWhenPrinted } from '../helpers/interruptedApply';
import { PLAN, UUID } from './persistPlans';

const canFuse = existsSync('/dev/fuse') && process.getuid?.() === 0;
// what the persistent files held before: a rule freeing domain 0x10, a manual definition of the mdev
const RULE_BEFORE = writeUdevRule(null, parseRelativeMask('-16', fullMask()))!;
const DEF_BEFORE = mdevctlJson('manual', [
  ['assign_adapter', '0x02'],
  ['assign_domain', '0x0009']
]);

let work: string;
let sim: SimMount | undefined;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-pjournal-'));
});
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function setup() {
  const dir = await mkdtemp(path.join(work, 'run-'));
  const etc = path.join(dir, 'etc');
  sim = await mountScenario({ scenario: 'default', etc });
  await mkdir(path.join(etc, 'udev/rules.d'), { recursive: true });
  await mkdir(path.join(etc, 'mdevctl.d/matrix'), { recursive: true });
  await writeFile(path.join(etc, 'udev/rules.d/41-ap.rules'), RULE_BEFORE);
  await writeFile(path.join(etc, 'mdevctl.d/matrix', UUID), DEF_BEFORE);
  const lock = path.join(dir, 's390apconfig.lock');
  const journalDir = path.join(dir, 'journal');
  const link = shellLink(createLocalTransport(), {
    sysfsRoot: sim.dir,
    etcDir: etc,
    source: `local:${sim.dir}`,
    apLock: lock,
    journalDir,
    lockRetries: 3
  });
  const planFile = path.join(dir, 'plan.json');
  await writeFile(planFile, JSON.stringify(PLAN));
  const cli = ['--local', sim.dir, '--etc-root', etc, '--ap-lock', lock, '--journal-dir', journalDir];
  return { dir, etc, lock, journalDir, link, planFile, cli, mount: sim.dir };
}

type Setup = Awaited<ReturnType<typeof setup>>;
const ruleText = (s: Setup) => readFile(path.join(s.etc, 'udev/rules.d/41-ap.rules'), 'utf8');
const defText = (s: Setup) => readFile(path.join(s.etc, 'mdevctl.d/matrix', UUID), 'utf8');
const journalNames = async (dir: string) => (existsSync(dir) ? (await readdir(dir)).sort() : []);

/**
 * Runs the plan's script with --persist both and kills it (SIGKILL, whole
 * group) while the second persistent change waits: its temporary file is a
 * FIFO nobody reads. Every active step and the rule have landed by then.
 */
async function killBetweenPersistentChanges(s: Setup): Promise<void> {
  const host = (await readHost(s.link)).host;
  const file = path.join(s.dir, 'apply.sh');
  await writeFile(file, exportShellScript(host, PLAN, { machine: true }));
  const fifo = path.join(s.etc, 'mdevctl.d/matrix', `${UUID}.apmatrix-new`);
  expect((await run('mkfifo', [fifo])).code).toBe(0);
  await killWhenPrinted(
    ['sh', file, '--persist', 'both', '--lock', s.lock, '--journal-dir', s.journalDir, '--sysfs-root', s.mount, '--etc-root', s.etc],
    'PSTEP 1 OK'
  );
  await rm(fifo, { force: true }); // the killed write's temporary file
  await rm(s.lock, { force: true }); // the killed script's lock is stale
}

describe.skipIf(!canFuse)('persistent changes in the apply journal (needs /dev/fuse and root)', { timeout: 180_000 }, () => {
  it('the journal says which persistent change landed and what it replaced; the CLI --rollback puts back the files byte for byte and the active state', async () => {
    const s = await setup();
    const original = (await readHost(s.link)).host;
    await killBetweenPersistentChanges(s);

    // the rule landed, the definition not yet
    expect(maskToHex(parseUdevRule(await ruleText(s)).aqmask!)).toBe(maskToHex(parseRelativeMask('-4-7', fullMask())));
    expect(await defText(s)).toBe(DEF_BEFORE);
    const names = await journalNames(s.journalDir);
    expect(names).toHaveLength(1);
    const j = parseJournal(names[0], await readFile(path.join(s.journalDir, names[0]), 'utf8'));
    expect(j.problems).toEqual([]);
    expect(j).toMatchObject({ landed: PLAN.operations.length, persistTotal: 2, persistLanded: 1 });
    expect(j.persistUndo).toEqual([{ kind: 'rule', apmask: null, aqmask: maskToHex(parseRelativeMask('-16', fullMask())) }]);

    // a plain apply is told, with the persistent part
    const again = await apmatrix(['apply', s.planFile, '--yes', ...s.cli], { timeoutMs: 90_000 });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('persistent changes: 1 of 2');

    const back = await apmatrix(['apply', s.planFile, '--yes', '--rollback', ...s.cli], { timeoutMs: 90_000 });
    expect(back.code, back.stderr).toBe(0);
    expect(await ruleText(s)).toBe(RULE_BEFORE);
    expect(await defText(s)).toBe(DEF_BEFORE);
    expect(hostProjection((await readHost(s.link)).host)).toBe(hostProjection(original));
    expect(await journalNames(s.journalDir)).toEqual([]);
  });

  it('the engine (the app) rolls back the same way', async () => {
    const s = await setup();
    const original = (await readHost(s.link)).host;
    await killBetweenPersistentChanges(s);
    const partial = (await readHost(s.link)).host;
    const back = await applyPlan(s.link, PLAN, partial.fingerprint, { mode: 'rollback', reconnectDelaysMs: [0] });
    expect(back.error).toBeNull();
    expect(back.ok).toBe(true);
    expect(back.persistent).toMatchObject({ landed: 1, total: 1 });
    expect(await ruleText(s)).toBe(RULE_BEFORE);
    expect(await defText(s)).toBe(DEF_BEFORE);
    expect(hostProjection(back.host)).toBe(hostProjection(original));
    expect(await journalNames(s.journalDir)).toEqual([]);
  });

  it('a rollback that would leave the persistent changes (--persist active) is refused and keeps the journal', async () => {
    const s = await setup();
    await killBetweenPersistentChanges(s);
    const partial = (await readHost(s.link)).host;
    const rule = await ruleText(s);
    const back = await applyPlan(s.link, PLAN, partial.fingerprint, { mode: 'rollback', persist: 'active', reconnectDelaysMs: [0] });
    expect(back.ok).toBe(false);
    expect(back.error).toContain('needs --persist both');
    expect(await ruleText(s)).toBe(rule);
    expect(hostProjection((await readHost(s.link)).host)).toBe(hostProjection(partial));
    expect(await journalNames(s.journalDir)).toHaveLength(1);
  });

  it('--resume writes the persistent change that was missing and clears the journal', async () => {
    const s = await setup();
    await killBetweenPersistentChanges(s);
    const partial = (await readHost(s.link)).host;
    const rest = await applyPlan(s.link, PLAN, partial.fingerprint, { mode: 'resume', reconnectDelaysMs: [0] });
    expect(rest.error).toBeNull();
    expect(rest.ok).toBe(true);
    expect(await defText(s)).toBe(
      mdevctlJson('manual', [
        ['assign_adapter', '0x00'],
        ['assign_adapter', '0x01'],
        ...[4, 5, 6, 7].map((d): [string, string] => ['assign_domain', `0x000${d}`]),
        ...[4, 5, 6, 7].map((d): [string, string] => ['assign_control_domain', `0x000${d}`])
      ])
    );
    expect(maskToHex(parseUdevRule(await ruleText(s)).aqmask!)).toBe(maskToHex(parseRelativeMask('-4-7', fullMask())));
    expect(await journalNames(s.journalDir)).toEqual([]);
    // the rollback it offers mentions the persistent part
    expect(rest.rollback.title).toContain('persistent');
    expect((await journalsOf(s.link)).length).toBe(0);
  });
});
