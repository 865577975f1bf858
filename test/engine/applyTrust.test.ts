/**
 * Apply knows its own history and what it depends on (issue 8 items 5-7, 9),
 * through the engine (applyPlan over a local shell link) and the `apmatrix`
 * command, against FUSE-mounted kernel models. Locks and journals live in
 * temporary directories (never the machine's /run).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PLAN_NEW, PLAN_OTHER, U4 } from './demoPlans';
import { scratchDirForFile } from '../helpers/scratch';
import { apmatrix, bash, mountScenario, type SimMount } from '../helpers/simMount';
import { interruptApply } from '../helpers/interruptedApply';
import { DEMO_UUIDS } from '../../shared/kernel';
import { planDigest } from '../../shared/export/shellJournal';
import { rollbackPlan } from '../../shared/plan/rollback';
import { createLocalTransport } from '../../electron/transport/local';
import { shellLink } from '../../electron/transport/shellLink';
import { applyPlan } from '../../electron/engine/applier';
import { journalFindings, journalsOf } from '../../electron/engine/applyJournal';
import { hostProjection, prefixProjections } from '../../electron/engine/landed';
import { readHost } from '../../electron/engine/reader';
import { createRouter } from '../../electron/engine/router';

const { Guest3 } = DEMO_UUIDS;

const work = scratchDirForFile('apmatrix-applytrust-');
let sim: SimMount | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function setup(era?: string) {
  sim = await mountScenario({ scenario: 'demo', era });
  const dir = await mkdtemp(path.join(work, 'run-'));
  const etc = path.join(dir, 'etc');
  await mkdir(etc);
  const lock = path.join(dir, 's390apconfig.lock');
  const journalDir = path.join(dir, 'apmatrix-journal'); // where the router puts it next to the lock
  const link = shellLink(createLocalTransport(), {
    sysfsRoot: sim.dir,
    etcRoot: etc,
    source: `local:${sim.dir}`,
    apLock: lock,
    journalDir,
    lockRetries: 3
  });
  return { dir, etc, lock, journalDir, link, mount: sim.dir };
}

const journalNames = async (dir: string) => (existsSync(dir) ? (await readdir(dir)).sort() : []);

/** PLAN_NEW interrupted after its second step (a real kill), with the host as read before and after. */
async function interruptNewPlan(s: Awaited<ReturnType<typeof setup>>) {
  const original = (await readHost(s.link)).host;
  await interruptApply({ host: original, plan: PLAN_NEW, landed: 2, mount: s.mount, work: s.dir, lock: s.lock, journalDir: s.journalDir });
  return { original, partial: (await readHost(s.link)).host };
}

describe('apply and the journal of an interrupted apply (item 5)', { timeout: 120_000 }, () => {
  it('says which steps landed and writes nothing; --resume finishes it and the journal goes', async () => {
    const s = await setup();
    const { original, partial } = await interruptNewPlan(s);
    expect(hostProjection(partial)).toBe(prefixProjections(original, PLAN_NEW)[2]);

    // the next apply of the same plan: told, offered both ways, nothing written
    const again = await applyPlan(s.link, PLAN_NEW, partial.fingerprint, { reconnectDelaysMs: [0] });
    expect(again.ok).toBe(false);
    expect(again.error).toContain(
      `an apply of this plan was interrupted (journal ${s.journalDir}/journal-${planDigest(PLAN_NEW)}): steps 1-2 of 5 had landed`
    );
    expect(again.error).toContain('--resume');
    expect(again.error).toContain('--rollback');
    expect(hostProjection((await readHost(s.link)).host)).toBe(hostProjection(partial));
    // so does audit
    const findings = journalFindings(await journalsOf(s.link));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'interrupted-apply', severity: 'warning' });
    expect(findings[0].message).toContain('steps 1-2 of 5 had landed');

    const resumed = await applyPlan(s.link, PLAN_NEW, partial.fingerprint, { mode: 'resume', reconnectDelaysMs: [0] });
    expect(resumed.error).toBeNull();
    expect(resumed).toMatchObject({ ok: true, landed: 3, total: 3 });
    expect(hostProjection(resumed.host)).toBe(prefixProjections(original, PLAN_NEW)[5]);
    // the rollback covers all five steps, the two before the interruption too
    expect(resumed.rollback.operations).toEqual(rollbackPlan(original, PLAN_NEW, 5).operations);
    expect(await journalNames(s.journalDir)).toEqual([]);
  });

  it('--rollback undoes the landed steps and clears the journal; another plan is stopped meanwhile', async () => {
    const s = await setup();
    const { original, partial } = await interruptNewPlan(s);

    const other = await applyPlan(s.link, PLAN_OTHER, partial.fingerprint, { reconnectDelaysMs: [0] });
    expect(other.ok).toBe(false);
    expect(other.error).toContain(`an apply of the plan "${PLAN_NEW.title}" was interrupted`);
    expect(other.error).toContain('steps 1-2 of 5 had landed');
    expect(hostProjection((await readHost(s.link)).host)).toBe(hostProjection(partial));

    const back = await applyPlan(s.link, PLAN_NEW, partial.fingerprint, { mode: 'rollback', reconnectDelaysMs: [0] });
    expect(back.error).toBeNull();
    expect(back.ok).toBe(true);
    expect(hostProjection(back.host)).toBe(hostProjection(original));
    expect(await journalNames(s.journalDir)).toEqual([]);
  });

  it("the rollback an apply offered, applied as a plan of its own, clears that apply's journal", async () => {
    const s = await setup();
    const { original, partial } = await interruptNewPlan(s);
    const back = await applyPlan(s.link, rollbackPlan(original, PLAN_NEW, 2), partial.fingerprint, { reconnectDelaysMs: [0] });
    expect(back.error).toBeNull();
    expect(hostProjection(back.host)).toBe(hostProjection(original));
    expect(await journalNames(s.journalDir)).toEqual([]);
  });

  it('a journal that cannot be written stops apply before its first write', async () => {
    const s = await setup();
    const host = (await readHost(s.link)).host;
    const link = shellLink(createLocalTransport(), {
      sysfsRoot: s.mount,
      etcRoot: s.etc,
      source: 'test',
      apLock: s.lock,
      journalDir: '/dev/null/apmatrix'
    });
    const r = await applyPlan(link, PLAN_NEW, host.fingerprint, { reconnectDelaysMs: [0] });
    expect(r).toMatchObject({
      ok: false,
      landed: 0,
      error:
        'the apply journal /dev/null/apmatrix/journal-' + planDigest(PLAN_NEW) + ' could not be written on the host: nothing was written'
    });
    expect((await readHost(s.link)).host.fingerprint).toBe(host.fingerprint);
  });

  it('a host already in the end state: "already applied", nothing written', async () => {
    const s = await setup();
    const original = (await readHost(s.link)).host;
    const first = await applyPlan(s.link, PLAN_NEW, original.fingerprint, { reconnectDelaysMs: [0] });
    expect(first.ok).toBe(true);
    const now = (await readHost(s.link)).host;
    const again = await applyPlan(s.link, PLAN_NEW, original.fingerprint, { reconnectDelaysMs: [0] });
    expect(again).toMatchObject({ ok: true, already: true, landed: 0, error: null });
    expect((await readHost(s.link)).host.fingerprint).toBe(now.fingerprint);
  });
});

describe('the app side (item 5)', { timeout: 60_000 }, () => {
  it('the router lists the journal among the findings and takes an apply mode; a bad mode is refused', async () => {
    const s = await setup();
    const { original } = await interruptNewPlan(s);
    const router = createRouter({ agentSocket: null, homeDir: s.dir, apLock: s.lock });
    try {
      const c = await router.connect({ target: { kind: 'local', root: s.mount } });
      if (!c.ok) throw new Error(c.message);
      expect(c.findings.map((f) => f.code)).toContain('interrupted-apply');
      await expect(
        router.applyPlan({ connectionId: c.connectionId, plan: PLAN_NEW, fingerprint: c.host.fingerprint, mode: 'sideways' })
      ).rejects.toThrow(/mode must be apply, resume or rollback/);
      const back = await router.applyPlan({
        connectionId: c.connectionId,
        plan: PLAN_NEW,
        fingerprint: c.host.fingerprint,
        mode: 'rollback'
      });
      expect(back.error).toBeNull();
      expect(hostProjection(back.host)).toBe(hostProjection(original));
      expect((await router.readHost({ connectionId: c.connectionId })).findings.map((f) => f.code)).not.toContain('interrupted-apply');
    } finally {
      await router.dispose();
    }
  });
});

describe('the loser of two applies (item 7)', { timeout: 60_000 }, () => {
  it('is told another apply holds the lock, not that something else changed the host', async () => {
    const s = await setup();
    const host = (await readHost(s.link)).host;
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await writeFile(s.lock, `${holder.pid}\n`);
      // the winner is changing the host while it holds the lock
      expect((await bash("printf '%s\\n' -0x20 > bus/ap/aqmask", { cwd: s.mount })).code).toBe(0);
      const r = await applyPlan(s.link, PLAN_NEW, host.fingerprint, { reconnectDelaysMs: [0] });
      expect(r.ok).toBe(false);
      // the pinned fingerprint already differs: nothing reaches the script
      expect(r.error).toContain('fingerprint differs');
      const unpinned = await applyPlan(s.link, PLAN_NEW, (await readHost(s.link)).host.fingerprint, { reconnectDelaysMs: [0] });
      expect(unpinned.error).toBe(
        `another apply holds the s390 AP configuration lock (process ${holder.pid}): nothing was written; try again when it has finished`
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe('the apmatrix command (items 5, 6, 9)', { timeout: 300_000 }, () => {
  it('validate prints its fingerprint and pins; a pinned plan refuses drift; an unpinned one says so', async () => {
    const s = await setup();
    const target = ['--local', s.mount, '--ap-lock', s.lock, '--journal-dir', s.journalDir];
    const planFile = path.join(s.dir, 'plan.json');
    const pinned = path.join(s.dir, 'pinned.json');
    await writeFile(planFile, JSON.stringify(PLAN_NEW));
    const v = await apmatrix(['plan', 'validate', planFile, '--pin', pinned, ...target], { timeoutMs: 90_000 });
    expect(v.code, v.stderr).toBe(0);
    const fp = /validated on the host state with fingerprint ([0-9a-f]+)/.exec(v.stdout)?.[1];
    expect(fp).toBe((await readHost(s.link)).host.fingerprint);
    expect(JSON.parse(await readFile(pinned, 'utf8'))).toEqual({ ...PLAN_NEW, fingerprint: fp });

    // an unrelated change: the pinned plan refuses, the unpinned one says it is not pinned and applies
    expect((await bash("printf '%s\\n' -0x20 > bus/ap/aqmask", { cwd: s.mount })).code).toBe(0);
    const before = (await readHost(s.link)).host;
    const p = await apmatrix(['apply', pinned, '--yes', ...target], { timeoutMs: 90_000 });
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('fingerprint differs');
    expect((await readHost(s.link)).host.fingerprint).toBe(before.fingerprint);
    const u = await apmatrix(['apply', planFile, '--yes', ...target], { timeoutMs: 90_000 });
    expect(u.code, u.stderr).toBe(0);
    expect(u.stderr.split('\n').filter((l) => l.includes('not pinned'))).toEqual([
      `apmatrix apply: the plan is not pinned to a host state; applying it to local:${s.mount} as read now (fingerprint ${before.fingerprint})`
    ]);
    const again = await apmatrix(['apply', planFile, '--yes', ...target], { timeoutMs: 90_000 });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('already applied: nothing to do\n');
  });

  it("on a terminal, an unpinned plan shows what it is about to apply, with the kernel's answers, before asking", async () => {
    const dir = await mkdtemp(path.join(work, 'tty-'));
    const planFile = path.join(dir, 'plan.json');
    await writeFile(planFile, JSON.stringify(PLAN_NEW));
    // script(1) gives the command a terminal; the answer waits in the terminal's input until asked
    const cli = path.resolve(__dirname, '../../bin/apmatrix.mjs');
    const child = spawn('script', ['-qec', `${process.execPath} ${cli} apply ${planFile} --demo demo`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe']
    });
    child.stdin.write('n\n');
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const code = await new Promise<number | null>((r) => child.once('close', r));
    child.stdin.destroy();
    const text = out.replace(/\r/g, '');
    expect(code).toBe(1);
    expect(text).toMatch(/The plan is not pinned to a host state: it applies to demo:demo as read now \(fingerprint [0-9a-f]+\)\./);
    expect(text).toContain(`Plan "${PLAN_NEW.title}" on demo:demo, 5 steps:`);
    expect(text).toContain('  1. ok   free domains 0x05 from the host');
    expect(text).toContain(`  3. ok   assign adapter 0x00 to ${U4}`);
    expect(text.indexOf('not pinned')).toBeLessThan(text.indexOf('Apply it now? [y/N]'));
    expect(text).toContain('apmatrix apply: not applied');
  });

  it('apply of a journalled plan offers --resume and --rollback; audit reports the journal', async () => {
    const s = await setup();
    const target = ['--local', s.mount, '--ap-lock', s.lock, '--journal-dir', s.journalDir];
    const planFile = path.join(s.dir, 'plan.json');
    await writeFile(planFile, JSON.stringify(PLAN_NEW));
    await interruptNewPlan(s);
    const a = await apmatrix(['apply', planFile, '--yes', ...target], { timeoutMs: 90_000 });
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('an apply of this plan was interrupted');
    expect(a.stderr).toContain(
      'steps 1-2 of 5 had landed; run apply again with --resume to finish it or with --rollback to undo those steps: nothing was written'
    );
    const audit = await apmatrix(['audit', '--json', ...target], { timeoutMs: 90_000 });
    const codes = (JSON.parse(audit.stdout) as Array<{ code: string }>).map((f) => f.code);
    expect(codes).toContain('interrupted-apply');
    const r = await apmatrix(['apply', planFile, '--yes', '--resume', ...target], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(await journalNames(s.journalDir)).toEqual([]);
  });

  it('on 5.15, validate explains an ap_config step by the missing file, not a missing mdev (item 9)', async () => {
    const s = await setup('E1');
    const planFile = path.join(s.dir, 'plan.json');
    await writeFile(
      planFile,
      JSON.stringify({ title: 'atomic', operations: [{ kind: 'ap-config', uuid: Guest3, apm: [0x06], aqm: [0x47], adm: [0x47] }] })
    );
    const v = await apmatrix(['plan', 'validate', planFile, '--local', s.mount], { timeoutMs: 90_000 });
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('the file ap_config does not exist in this kernel era (it came with Linux 6.10; this host is E1)');
    expect(v.stderr).not.toContain('does not exist (never created');
  });
});
