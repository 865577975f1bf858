/**
 * The exported plan script's own trust rules (issue 8 items 1, 5, 6, 7, 9), run
 * by real bash and dash against FUSE-mounted kernel models:
 * - no write reaches one page (the generator refuses the plan);
 * - switches are options, never the environment (FORCE=1 exported changes nothing);
 * - the preflight checks what the plan depends on only; --dry-run checks too;
 * - "already applied" writes nothing; an interrupted apply is journalled and
 *   stops the next run of this plan or another one (exit 6);
 * - a plan that writes ap_config is refused on 5.15 (exit 3, nothing written);
 * - the lock's holder is named once while waiting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PLAN_NEW, PLAN_OTHER, SHELLS, U4 } from './demoPlans';
import { bash, mountScenario, run, type SimMount } from '../helpers/simMount';
import { scratchDirForFile } from '../helpers/scratch';
import { hostOfKernel } from '../helpers/hostOfKernel';
import { buildScenario, DEMO_UUIDS } from '../../shared/kernel';
import { ExportError, exportShellScript, parseMachineOutput, PAGE_SIZE } from '../../shared/export';
import { assertOnePageWrites } from '../../shared/export/shellScript';
import { parseJournal, planDigest } from '../../shared/export/shellJournal';
import { rollbackPlan } from '../../shared/plan/rollback';
import type { Plan } from '../../shared/plan/operations';

const U9 = '9a3c1e5f-0b7d-4e2a-9c61-7d2f0e8b1a99';
const { Guest1, Guest2, Guest3 } = DEMO_UUIDS;

const FILES = [
  'bus/ap/apmask',
  'bus/ap/aqmask',
  ...[Guest1, Guest2, Guest3, U4, U9].flatMap((u) => [`devices/vfio_ap/matrix/${u}/matrix`, `devices/vfio_ap/matrix/${u}/control_domains`])
];

async function filesOf(dir: string): Promise<string> {
  const r = await bash(FILES.map((f) => `printf '== %s\\n' '${f}'; cat '${f}' 2>/dev/null || echo absent`).join('\n'), { cwd: dir });
  return r.stdout;
}

const work = scratchDirForFile('apmatrix-trust-');
let n = 0;

interface Setup {
  lock: string;
  journal: string;
  script: (plan: Plan, opts?: Parameters<typeof exportShellScript>[2]) => Promise<string>;
}

async function setup(): Promise<Setup> {
  const dir = await mkdtemp(path.join(work, 'run-'));
  const host = hostOfKernel(buildScenario('demo').state, 'demo:demo');
  return {
    lock: path.join(dir, 's390apconfig.lock'),
    journal: path.join(dir, 'journal'),
    script: async (plan, opts = {}) => {
      const file = path.join(dir, `plan-${++n}.sh`);
      await writeFile(file, exportShellScript(host, plan, opts));
      return file;
    }
  };
}

function sh(shell: string, file: string, args: string[], env: Record<string, string> = {}) {
  return run(shell, [file, ...args], { env: { PATH: process.env.PATH, ...env }, timeoutMs: 30_000 });
}

describe('one sysfs write is one store (issue 8 item 1, generator side)', () => {
  it('refuses a plan whose payload would reach one page, naming the step', () => {
    const host = hostOfKernel(buildScenario('default').state, 'default');
    const plan: Plan = { title: 'long', operations: [{ kind: 'apmask', set: new Array(683).fill(0), clear: [] }] };
    // a well-formed operation never reaches a page (an id appears once): the plan
    // is refused as malformed first, naming the step; the page guard names it too
    expect(() => exportShellScript(host, plan)).toThrow(ExportError);
    expect(() => exportShellScript(host, plan)).toThrow(/operations\[0\]: set lists 0x00 more than once/);
    expect(() => assertOnePageWrites(plan)).toThrow(
      /operations\[0\]: writes 4098 bytes to bus\/ap\/apmask in one store; the kernel takes at most 4095/
    );
  });

  it('every write of a script for the largest valid payloads stays below one page', () => {
    const host = hostOfKernel(buildScenario('default').state, 'default');
    const all = Array.from({ length: 256 }, (_, i) => i);
    const plan: Plan = { title: 'wide', operations: [{ kind: 'apmask', set: all.slice(0, 128), clear: all.slice(128) }] };
    const text = exportShellScript(host, plan);
    const writes = [...text.matchAll(/^ap_step \d+ '[^']*' '([^']*)'/gm)].map((m) => m[1]);
    expect(writes).toHaveLength(1);
    for (const w of writes) expect(Buffer.byteLength(w) + 1).toBeLessThan(PAGE_SIZE);
  });
});

describe('every generated write is shorter than one page (property)', () => {
  it('for adversarial mask operations (duplicates, long lists, mixed set and clear) the script is refused or each write fits', () => {
    const host = hostOfKernel(buildScenario('default').state, 'default');
    const ids = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 900 });
    const op = fc
      .record({ kind: fc.constantFrom('apmask' as const, 'aqmask' as const), set: ids, clear: ids })
      .filter((o) => o.set.length + o.clear.length > 0);
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 4 }), (operations) => {
        let text: string;
        try {
          text = exportShellScript(host, { title: 'adversarial', operations });
        } catch (e) {
          expect(e).toBeInstanceOf(ExportError);
          // too long for one store, or (once malformed operations are refused) a repeated id
          expect(String(e)).toMatch(/operations\[\d+\]/);
          return;
        }
        for (const m of text.matchAll(/^ap_step \d+ '[^']*' '([^']*)'/gm)) expect(Buffer.byteLength(m[1]) + 1).toBeLessThan(PAGE_SIZE);
      }),
      { numRuns: 200 }
    );
  });
});

describe.each(SHELLS)('the plan script under %s', (shell) => {
  let sim: SimMount | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('takes no switch from the environment: an exported FORCE=1 does not skip the preflight (item 7)', async () => {
    sim = await mountScenario({ scenario: 'demo' });
    const s = await setup();
    expect((await bash("printf '%s\\n' -0x05 > bus/ap/aqmask", { cwd: sim.dir })).code).toBe(0);
    const before = await filesOf(sim.dir);
    const file = await s.script(PLAN_NEW);
    const env = { SYSFS_ROOT: sim.dir, FORCE: '1', AP_LOCK: path.join(work, 'never.lock'), AP_LOCK_RETRIES: 'x', ETC_ROOT: '/nonexistent' };
    const r = await sh(shell, file, ['--lock', s.lock, '--journal-dir', s.journal], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the host changed since it was read; nothing was written (run with --force to apply anyway)');
    expect(await filesOf(sim.dir)).toBe(before);
    expect(existsSync(path.join(work, 'never.lock'))).toBe(false);
    // the option does what the variable no longer does
    const forced = await sh(shell, file, ['--force', '--machine', '--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(parseMachineOutput(forced.stdout).preflight).toMatchObject({ ok: true, forced: true });
  });

  it('rejects unknown options and option values with usage (exit 2)', async () => {
    const s = await setup();
    const file = await s.script(PLAN_NEW);
    for (const args of [['--frobnicate'], ['--lock'], ['--lock-retries', 'many'], ['--persist', 'sometimes'], ['--dry-run=1']]) {
      const r = await sh(shell, file, args, { SYSFS_ROOT: '/nonexistent' });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: sh SCRIPT');
    }
  });

  it('is not blocked by an unrelated new mdev or mask bit, and says in its header what it checks (item 6)', async () => {
    sim = await mountScenario({ scenario: 'demo' });
    const s = await setup();
    // after the snapshot: domain 0x20 is freed and a new mdev takes adapter 02
    const drift = `printf '%s\\n' -0x20 > bus/ap/aqmask && printf '%s\\n' ${U9} > devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough/create && printf '%s\\n' 0x02 > devices/vfio_ap/matrix/${U9}/assign_adapter`;
    expect((await bash(drift, { cwd: sim.dir })).code).toBe(0);
    const file = await s.script(PLAN_NEW, { machine: true });
    const text = await readFile(file, 'utf8');
    expect(text).toContain('#   apmask bits of adapters: 00');
    expect(text).toContain('#   aqmask bits of domains: 0005');
    expect(text).toContain(`#   the mdevs it writes to: ${U4}`);
    const dry = await sh(shell, file, ['--dry-run', '--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('PREFLIGHT OK');
    const r = await sh(shell, file, ['--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(r.stderr).not.toContain('apmatrix:');
    expect(r.code).toBe(0);
    expect(parseMachineOutput(r.stdout)).toMatchObject({ done: true, verify: { ok: true } });
    expect((await bash(`cat devices/vfio_ap/matrix/${U4}/matrix`, { cwd: sim.dir })).stdout).toBe('00.0005\n');
  });

  it('--dry-run runs the preflight: a change in what the plan depends on is reported, exit 3, nothing written (item 7)', async () => {
    sim = await mountScenario({ scenario: 'demo' });
    const s = await setup();
    // someone assigns adapter 00 to Guest1: it now holds 00.0004 and 00.00ab, queues of adapter 00
    expect((await bash(`printf '%s\\n' 0x00 > devices/vfio_ap/matrix/${Guest1}/assign_adapter`, { cwd: sim.dir })).code).toBe(0);
    const before = await filesOf(sim.dir);
    const file = await s.script(PLAN_NEW);
    const r = await sh(shell, file, ['--dry-run', '--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('assigns the queues the plan depends on as');
    expect(r.stderr).toContain('the host no longer matches what the plan was made on');
    expect(await filesOf(sim.dir)).toBe(before);
    expect(existsSync(s.lock)).toBe(false);
  });

  it('says "already applied" and writes nothing on a host in the end state, the exported script too (item 5)', async () => {
    sim = await mountScenario({ scenario: 'demo' });
    const s = await setup();
    const file = await s.script(PLAN_NEW);
    const first = await sh(shell, file, ['--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(first.code).toBe(0);
    const after = await filesOf(sim.dir);
    const again = await sh(shell, file, ['--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('already applied: nothing to do\n');
    const machine = await sh(shell, file, ['--machine', '--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(machine.stdout).toBe('LOCK OK\nALREADY\n');
    expect(machine.code).toBe(0);
    expect(await filesOf(sim.dir)).toBe(after);
    expect(existsSync(s.journal) ? await readdir(s.journal) : []).toEqual([]);
  });

  it('journals an interrupted apply; the next run of this plan or another stops with exit 6 and says what landed (item 5)', async () => {
    sim = await mountScenario({ scenario: 'demo' });
    const s = await setup();
    // a root that is the mount except for U4's assign_adapter, a FIFO nobody reads: step 3 blocks
    const root = await mkdtemp(path.join(work, 'root-'));
    const matrix = 'devices/vfio_ap/matrix';
    await mkdir(path.join(root, matrix, U4), { recursive: true });
    for (const p of [
      'bus',
      'devices/ap',
      `${matrix}/mdev_supported_types`,
      `${matrix}/features`,
      `${matrix}/${Guest1}`,
      `${matrix}/${Guest2}`,
      `${matrix}/${Guest3}`
    ]) {
      await symlink(path.join(sim.dir, p), path.join(root, p));
    }
    for (const f of ['matrix', 'control_domains'])
      await symlink(path.join(sim.dir, matrix, U4, f), path.join(root, matrix, U4, f)).catch(() => undefined);
    expect((await run('mkfifo', [path.join(root, matrix, U4, 'assign_adapter')])).code).toBe(0);
    const file = await s.script(PLAN_NEW, { machine: true });
    // --force: the root's U4 directory (for the FIFO) exists before the plan creates it
    const child = spawn(shell, [file, '--force', '--lock', s.lock, '--journal-dir', s.journal, '--sysfs-root', root], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (out.includes('STEP 2 OK\n')) resolve();
      });
      child.once('close', () => resolve());
    });
    process.kill(-child.pid!, 'SIGKILL'); // as a lost machine or kill -9 would: no trap runs
    await new Promise((r) => child.once('close', r));

    const names = await readdir(s.journal);
    expect(names).toEqual([`journal-${planDigest(PLAN_NEW)}`]);
    const journal = parseJournal(names[0], await readFile(path.join(s.journal, names[0]), 'utf8'));
    expect(journal).toMatchObject({ digest: planDigest(PLAN_NEW), total: 5, landed: 2, title: PLAN_NEW.title, problems: [] });
    expect(journal.plan).toEqual(PLAN_NEW);
    const host = hostOfKernel(buildScenario('demo').state, 'demo:demo');
    expect(journal.rollback.operations).toEqual(rollbackPlan(host, PLAN_NEW, 2).operations);

    await rm(s.lock, { force: true }); // the killed script's lock is stale anyway
    const before = await filesOf(sim.dir);
    const same = await sh(shell, file, ['--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(same.code, same.stderr).toBe(6);
    expect(parseMachineOutput(same.stdout).journal).toMatchObject({ own: true, landed: '2', total: '5' });
    expect(same.stderr).toContain('an apply of this plan was interrupted: steps 1-2 of 5 landed');
    expect(same.stderr).toContain('--resume');
    const other = await sh(shell, await s.script(PLAN_OTHER), ['--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(other.code).toBe(6);
    expect(other.stderr).toContain(`an apply of another plan (digest ${planDigest(PLAN_NEW)}) was interrupted: steps 1-2 of 5 landed`);
    expect(await filesOf(sim.dir)).toBe(before);

    // the rollback, made on the host as it is now, clears the journal once done
    const now = hostOfKernel(buildScenario('demo').state, 'demo:demo', {});
    now.aqmask = (await bash('cat bus/ap/aqmask', { cwd: sim.dir })).stdout.trim();
    now.mdevs.push({
      ...now.mdevs[0],
      uuid: U4,
      apm: '0x' + '0'.repeat(64),
      aqm: '0x' + '0'.repeat(64),
      adm: '0x' + '0'.repeat(64),
      attached: false
    });
    const back = path.join(work, `rollback-${++n}.sh`);
    await writeFile(back, exportShellScript(now, journal.rollback, { clearsJournal: journal.digest }));
    const rb = await sh(shell, back, ['--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(rb.stderr).toBe('');
    expect(rb.code).toBe(0);
    expect(await readdir(s.journal)).toEqual([]);
    expect((await bash(`cat bus/ap/aqmask; ls devices/vfio_ap/matrix/${U4} 2>&1 | head -1`, { cwd: sim.dir })).stdout).toContain(
      host.aqmask
    );
  });

  it('refuses a plan that writes ap_config on a 5.15 kernel before writing anything (item 9)', async () => {
    sim = await mountScenario({ scenario: 'demo', era: 'E1' });
    const s = await setup();
    const plan: Plan = {
      title: 'reshape Guest3 atomically',
      operations: [
        { kind: 'aqmask', set: [], clear: [0x05] },
        { kind: 'ap-config', uuid: Guest3, apm: [0x06], aqm: [0x05, 0x47], adm: [0x47] }
      ]
    };
    const before = await filesOf(sim.dir);
    const file = await s.script(plan, { machine: true });
    expect(await readFile(file, 'utf8')).toContain('#   that the kernel has the ap_config file (Linux 6.10 and later)');
    const r = await sh(shell, file, ['--force', '--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(r.code).toBe(3);
    expect(parseMachineOutput(r.stdout).preflight).toEqual({
      ok: false,
      forced: false,
      differs: ['feature:dynamic-era', 'feature:ap_config']
    });
    expect(r.stderr).toContain('this kernel has no ap_config file (it came with Linux 6.10), and step 2 writes it');
    expect(r.stderr).toContain('nothing was written');
    expect(await filesOf(sim.dir)).toBe(before);
  });

  it('refuses a plan made on a 6.x host on a 5.15 host with the same masks and mdevs (item 9)', async () => {
    sim = await mountScenario({ scenario: 'demo', era: 'E1' });
    const s = await setup(); // the host as read on 6.x (E3)
    const plan: Plan = { title: 'Guest3 gives up 00ff', operations: [{ kind: 'unassign-domain', uuid: Guest3, id: 0xff }] };
    const before = await filesOf(sim.dir);
    const file = await s.script(plan, { machine: true });
    expect(await readFile(file, 'utf8')).toContain('#   that the kernel is of the era the plan was made on (6.0 or later: guest_matrix)');
    const r = await sh(shell, file, ['--lock', s.lock, '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
    expect(r.code).toBe(3);
    expect(parseMachineOutput(r.stdout).preflight?.differs).toContain('feature:dynamic-era');
    expect(r.stderr).toContain("this host's kernel is older: its assignments follow other rules");
    expect(await filesOf(sim.dir)).toBe(before);
  });

  it('names the process holding the lock once while it waits (item 7)', async () => {
    sim = await mountScenario({ scenario: 'demo' });
    const s = await setup();
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await writeFile(s.lock, `${holder.pid}\n`);
      const file = await s.script(PLAN_NEW);
      const r = await sh(shell, file, ['--lock', s.lock, '--lock-retries', '5', '--journal-dir', s.journal], { SYSFS_ROOT: sim.dir });
      expect(r.code).toBe(4);
      const waits = r.stderr.split('\n').filter((l) => l.includes('waiting for the s390 AP configuration lock'));
      expect(waits).toEqual([`apmatrix: waiting for the s390 AP configuration lock ${s.lock}, held by process ${holder.pid} (sleep)`]);
      expect(r.stderr).toContain(
        `held by process ${holder.pid} (sleep) after 5 retries (another apply or s390 tool holds it); nothing was written`
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
