/**
 * The exported plan script run by REAL bash and dash against the FUSE-mounted
 * kernel model (issue 3 item 6): the mount ends in the predicted state; a host
 * changed after reading makes it refuse and write nothing; a refused write
 * stops it with the documented report and the earlier steps stay; the lock is
 * released after success, failure and interruption; --dry-run writes nothing;
 * machine-mode lines parse; each verdict equals the model's.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SHELLS, U4 } from './demoPlans';
import { bash, mountScenario, run, type SimMount } from '../helpers/simMount';
import { hostOfKernel } from '../helpers/hostOfKernel';
import { masksOf, readByDump } from '../helpers/scratch';
import { buildScenario, createKernel, cloneKernelState, DEMO_UUIDS, type KernelState } from '../../shared/kernel';
import { isKernelError, STRERROR, type Errno } from '../../shared/ap';
import { opPath, opPayload, type Plan } from '../../shared/plan/operations';
import { exportShellScript, landedSteps, parseMachineOutput } from '../../shared/export';
import { validatePlan, NOT_RUN } from '../../shared/plan';
import type { HostState } from '../../shared/host/hostState';

const U5 = '5b4d2f60-1c8e-4f3b-8d72-8e3f1f9c2b45';
const { Guest1, Guest2, Guest3 } = DEMO_UUIDS;

/** Succeeds on the demo host (E3): a new mdev on freed domain 0x05, Guest3 shrunk, atomic ap_config. */
const PLAN_OK: Plan = {
  title: 'new mdev on 00.0005; Guest3 gives up 00ff',
  operations: [
    { kind: 'aqmask', set: [], clear: [0x05] },
    { kind: 'create-mdev', uuid: U4 },
    { kind: 'assign-adapter', uuid: U4, id: 0x00 },
    { kind: 'assign-domain', uuid: U4, id: 0x05 },
    { kind: 'assign-control-domain', uuid: U4, id: 0x05 },
    { kind: 'unassign-domain', uuid: Guest3, id: 0xff },
    { kind: 'ap-config', uuid: Guest3, apm: [0x06, 0x3f], aqm: [0x47], adm: [0x47] }
  ]
};

/** Step 3 is refused: 05.0047 belongs to Guest2 (EADDRINUSE, §6.2). */
const PLAN_FAIL: Plan = {
  title: 'a second owner for 05.0047',
  operations: [
    { kind: 'create-mdev', uuid: U5 },
    { kind: 'assign-adapter', uuid: U5, id: 0x05 },
    { kind: 'assign-domain', uuid: U5, id: 0x47 },
    { kind: 'assign-control-domain', uuid: U5, id: 0x47 }
  ]
};

/** Step 2 is refused: giving domain 0x47 back to the host takes Guest2's queues (EBUSY, §2.1). */
const PLAN_BUSY: Plan = {
  title: 'reclaim 0x47',
  operations: [
    { kind: 'unassign-control-domain', uuid: Guest1, id: 0x04 },
    { kind: 'aqmask', set: [0x47], clear: [] },
    { kind: 'unassign-adapter', uuid: Guest1, id: 0x06 }
  ]
};

interface Verdict {
  errno: Errno | null;
}

/** The kernel model's answer to each write, up to and including the first refusal. */
function replay(state: KernelState, plan: Plan, upTo = plan.operations.length): { verdicts: Verdict[]; state: KernelState } {
  const s = cloneKernelState(state);
  const k = createKernel(s);
  const verdicts: Verdict[] = [];
  for (const op of plan.operations.slice(0, upTo)) {
    try {
      k.write(opPath(op), opPayload(op) + '\n');
      verdicts.push({ errno: null });
    } catch (e) {
      if (!isKernelError(e)) throw e;
      verdicts.push({ errno: e.code });
      break;
    }
  }
  return { verdicts, state: s };
}

function filesOf(uuids: string[], era: string): string[] {
  const files = ['bus/ap/apmask', 'bus/ap/aqmask'];
  for (const u of uuids) {
    const dir = `devices/vfio_ap/matrix/${u}`;
    files.push(`${dir}/matrix`, `${dir}/control_domains`);
    if (era === 'E3') files.push(`${dir}/guest_matrix`);
  }
  return files;
}

const ABSENT = '<absent>\n';

/** What the model shows in those files. */
function modelFiles(state: KernelState, files: string[]): Record<string, string> {
  const k = createKernel(state);
  const out: Record<string, string> = {};
  for (const f of files) {
    try {
      out[f] = k.read(f);
    } catch (e) {
      if (!isKernelError(e)) throw e;
      out[f] = ABSENT;
    }
  }
  return out;
}

/** What the mount shows, read with cat by bash (one round trip, framed). */
async function mountFiles(dir: string, files: string[]): Promise<Record<string, string>> {
  const script = files
    .map((f) => `printf '\\001%s\\n' '${f}'; if [ -e '${f}' ]; then cat '${f}'; else printf '<absent>\\n'; fi`)
    .join('\n');
  const r = await bash(script, { cwd: dir });
  expect(r.code).toBe(0);
  const out: Record<string, string> = {};
  for (const part of r.stdout.split('\u0001').slice(1)) {
    const nl = part.indexOf('\n');
    out[part.slice(0, nl)] = part.slice(nl + 1);
  }
  return out;
}

/** A full host snapshot read from the mount the way the engine reads a host. */
async function snapshotOf(dir: string, source: string): Promise<HostState> {
  const host = await readByDump(work, dir, source);
  expect(host.warnings.filter((w) => w.file === 'dump')).toEqual([]);
  return host;
}

interface ScriptRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

let work: string;
let scriptNo = 0;

async function writeScript(text: string): Promise<string> {
  const file = path.join(work, `plan-${++scriptNo}.sh`);
  await writeFile(file, text);
  return file;
}

function startScript(
  shell: string,
  file: string,
  env: Record<string, string>,
  args: string[] = [],
  onStdout?: (all: string, pid: number) => void
): { pid: number; result: Promise<ScriptRun> } {
  // the script takes its switches as options only (issue 8 item 7): the tests'
  // short names become options; the journal goes to a directory of the test's own
  const opts: string[] = ['--journal-dir', path.join(work, `journal-${++scriptNo}`)];
  if (env.AP_LOCK) opts.push('--lock', env.AP_LOCK);
  if (env.AP_LOCK_RETRIES) opts.push('--lock-retries', env.AP_LOCK_RETRIES);
  if (env.FORCE === '1') opts.push('--force');
  if (env.APMATRIX_MACHINE === '1') opts.push('--machine');
  // its own process group, so a test can signal it like a terminal would
  const child = spawn(shell, [file, ...opts, ...args], {
    env: { ...process.env, SYSFS_ROOT: env.SYSFS_ROOT },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const pid = child.pid!;
  const result = new Promise<ScriptRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      process.kill(-pid, 'SIGKILL');
      reject(new Error(`${shell} ${file} did not finish; stdout: ${stdout} stderr: ${stderr}`));
    }, 25_000);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      onStdout?.(stdout, pid);
    });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
  });
  return { pid, result };
}

function runScript(
  shell: string,
  file: string,
  env: Record<string, string>,
  args: string[] = [],
  onStdout?: (all: string, pid: number) => void
): Promise<ScriptRun> {
  return startScript(shell, file, env, args, onStdout).result;
}

async function lockDir(): Promise<{ dir: string; lock: string }> {
  const dir = await mkdtemp(path.join(work, 'lock-'));
  return { dir, lock: path.join(dir, 's390apconfig.lock') };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'apmatrix-export-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.each(SHELLS)('exported plan script under %s', (shell) => {
  let sim: SimMount | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('applies a plan: the mount ends in the predicted state, machine lines parse, the lock is released', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo:demo');
    sim = await mountScenario({ scenario: 'demo' });
    const { dir: ld, lock } = await lockDir();
    const file = await writeScript(exportShellScript(host, PLAN_OK, { machine: true }));
    const r = await runScript(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock });
    // machine mode: status lines on stdout, the words for people on stderr, no complaint
    expect(r.stderr).toContain('done: 7 steps applied');
    expect(r.stderr).not.toContain('apmatrix:');
    expect(r.code).toBe(0);

    const report = parseMachineOutput(r.stdout);
    expect(report.unknown).toEqual([]);
    expect(report.lock).toEqual({ ok: true, owner: null });
    expect(report.preflight).toEqual({ ok: true, forced: false, differs: [] });
    expect(report.steps.map((s) => s.ok)).toEqual(PLAN_OK.operations.map(() => true));
    expect(landedSteps(report)).toBe(PLAN_OK.operations.length);
    expect(report.verify).toEqual({ ok: true, differs: [] });
    expect(report.done).toBe(true);

    const { verdicts, state } = replay(scenario.state, PLAN_OK);
    expect(verdicts.every((v) => v.errno === null)).toBe(true);
    const files = filesOf([Guest1, Guest2, Guest3, U4], 'E3');
    expect(await mountFiles(sim.dir, files)).toEqual(modelFiles(state, files));
    expect(await readdir(ld)).toEqual([]);
  });

  it('refuses and writes nothing when the host changed after it was read', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo:demo');
    sim = await mountScenario({ scenario: 'demo' });
    // someone else frees domain 0x05, which the plan frees itself, after the snapshot was taken
    expect((await bash("printf '%s\\n' -0x05 > bus/ap/aqmask", { cwd: sim.dir })).code).toBe(0);
    const files = filesOf([Guest1, Guest2, Guest3, U4], 'E3');
    const before = await mountFiles(sim.dir, files);
    const { dir: ld, lock } = await lockDir();
    const file = await writeScript(exportShellScript(host, PLAN_OK));
    const r = await runScript(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock, APMATRIX_MACHINE: '1' });
    expect(r.code).toBe(3);
    const report = parseMachineOutput(r.stdout);
    expect(report.preflight).toEqual({ ok: false, forced: false, differs: ['bus/ap/aqmask'] });
    expect(report.steps).toEqual([]);
    expect(r.stderr).toContain(`${sim.dir}/bus/ap/aqmask differs in the bits of domains 0005`);
    expect(r.stderr).toContain('nothing was written');
    expect(await mountFiles(sim.dir, files)).toEqual(before);
    expect(await readdir(ld)).toEqual([]);
  });

  it('stops at the first refused write, reports step, file, value and errno, keeps earlier steps', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo:demo');
    sim = await mountScenario({ scenario: 'demo' });
    const { dir: ld, lock } = await lockDir();
    const file = await writeScript(exportShellScript(host, PLAN_FAIL));
    const r = await runScript(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('step 1/4 ok');
    expect(r.stdout).toContain('step 2/4 ok');
    expect(r.stdout).not.toContain('step 3/4 ok');
    expect(r.stderr).toContain('step 3 of 4 failed: assign domain 0x0047 to ' + U5);
    expect(r.stderr).toContain(`wrote '0x0047' to ${sim.dir}/devices/vfio_ap/matrix/${U5}/assign_domain`);
    expect(r.stderr).toContain('the kernel answered: Address already in use');
    expect(r.stderr).toContain('steps 1-2 were applied and are left in place; steps 3-4 were not applied');

    // earlier steps in place exactly as reported: the mount equals the model after steps 1-2
    const files = filesOf([Guest1, Guest2, Guest3, U5], 'E3');
    expect(await mountFiles(sim.dir, files)).toEqual(modelFiles(replay(scenario.state, PLAN_FAIL, 2).state, files));
    expect((await mountFiles(sim.dir, [`devices/vfio_ap/matrix/${U5}/matrix`]))[`devices/vfio_ap/matrix/${U5}/matrix`]).toBe('05.\n');
    expect(await readdir(ld)).toEqual([]);
  });

  it('--dry-run checks the host, prints every write and changes nothing, without taking the lock', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo:demo');
    sim = await mountScenario({ scenario: 'demo' });
    const files = filesOf([Guest1, Guest2, Guest3, U4], 'E3');
    const before = await mountFiles(sim.dir, files);
    const { dir: ld, lock } = await lockDir();
    const file = await writeScript(exportShellScript(host, PLAN_OK));
    const r = await runScript(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock }, ['--dry-run']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(PLAN_OK.operations.length + 1);
    expect(lines[PLAN_OK.operations.length]).toBe('the host still matches what the plan was made on: these writes would run');
    PLAN_OK.operations.forEach((op, i) => {
      expect(lines[i].startsWith(`printf '%s\\n' '${opPayload(op)}' > ${sim!.dir}/${opPath(op)}`)).toBe(true);
    });
    const m = await runScript(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock }, ['--dry-run', '--machine']);
    expect(m.stdout.trim().split('\n')).toEqual([
      ...PLAN_OK.operations.map((op, i) => `DRY ${i + 1} ${opPath(op)} ${opPayload(op)}`),
      'PREFLIGHT OK'
    ]);
    expect(await mountFiles(sim.dir, files)).toEqual(before);
    expect(await readdir(ld)).toEqual([]);
  });

  it('waits for a lock held by a live process, leaves it alone when interrupted, writes nothing', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo:demo');
    sim = await mountScenario({ scenario: 'demo' });
    const files = filesOf([Guest1, Guest2, Guest3, U4], 'E3');
    const before = await mountFiles(sim.dir, files);
    const { dir: ld, lock } = await lockDir();
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await writeFile(lock, `${holder.pid}\n`);
      const file = await writeScript(exportShellScript(host, PLAN_OK, { machine: true }));
      const child = runScriptSignalledWhen(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock }, async () => {
        // the script is waiting once its temporary PID file sits next to the lock
        return (await readdir(ld)).some((n) => n !== 's390apconfig.lock');
      });
      const r = await child;
      expect(r.code).toBe(143);
      expect(parseMachineOutput(r.stdout)).toMatchObject({ lock: null, steps: [], abort: 'SIGTERM', done: false });
      expect(await readdir(ld)).toEqual(['s390apconfig.lock']);
      expect(await readFile(lock, 'utf8')).toBe(`${holder.pid}\n`);
      expect(await mountFiles(sim.dir, files)).toEqual(before);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a stale lock (PID gone) and gives up on a live one after the retries', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo:demo');
    sim = await mountScenario({ scenario: 'demo' });
    const { dir: ld, lock } = await lockDir();
    const file = await writeScript(exportShellScript(host, PLAN_FAIL, { machine: true }));

    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await writeFile(lock, `${holder.pid}\n`);
      const busy = await runScript(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock, AP_LOCK_RETRIES: '2' });
      expect(busy.code).toBe(4);
      expect(busy.stdout).toBe(`LOCK WAIT ${holder.pid}\nLOCK FAIL ${holder.pid}\n`);
      expect(await readdir(ld)).toEqual(['s390apconfig.lock']);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('close', r));
    }
    // the holder is gone now: its lock is stale
    const r = await runScript(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock });
    expect(parseMachineOutput(r.stdout).lock).toEqual({ ok: true, owner: null });
    expect(r.code).toBe(1);
    expect(await readdir(ld)).toEqual([]);
  });

  it('releases the lock when interrupted between writes, leaving the landed steps', async () => {
    const scenario = buildScenario('demo');
    const host = hostOfKernel(scenario.state, 'demo:demo');
    sim = await mountScenario({ scenario: 'demo' });
    // A root that is the mount except for the new mdev's assign_adapter, which is a
    // FIFO nobody reads: step 3 blocks in open() until the signal comes.
    const root = await mkdtemp(path.join(work, 'root-'));
    await symlink(path.join(sim.dir, 'bus'), path.join(root, 'bus'));
    await mkdir(path.join(root, 'devices/vfio_ap/matrix', U4), { recursive: true });
    await symlink(path.join(sim.dir, 'devices/ap'), path.join(root, 'devices/ap'));
    const types = 'devices/vfio_ap/matrix/mdev_supported_types';
    await symlink(path.join(sim.dir, types), path.join(root, types));
    await symlink(path.join(sim.dir, 'devices/vfio_ap/matrix/features'), path.join(root, 'devices/vfio_ap/matrix/features'));
    expect((await run('mkfifo', [path.join(root, 'devices/vfio_ap/matrix', U4, 'assign_adapter')])).code).toBe(0);

    const { dir: ld, lock } = await lockDir();
    const file = await writeScript(exportShellScript(host, PLAN_OK, { machine: true }));
    // Like a user pressing Ctrl-C until it stops: SIGTERM to the process group when
    // step 2 is reported, again every 100 ms until the script exits. (A signal that
    // reaches the shell just before it forks the writer of step 3 is only acted on
    // once that writer ends, and this one never ends by itself; the next signal
    // kills it. The trap ignores repeats once it runs.)
    let finished = false;
    const signal = (pid: number) => {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      if (!finished) setTimeout(() => signal(pid), 100);
    };
    let signalled = false;
    const started = startScript(shell, file, { SYSFS_ROOT: root, AP_LOCK: lock, FORCE: '1' }, [], (out, pid) => {
      if (!signalled && out.includes('STEP 2 OK\n')) {
        signalled = true;
        signal(pid);
      }
    });
    const r = await started.result.finally(() => (finished = true));
    expect(r.code).toBe(143);
    const report = parseMachineOutput(r.stdout);
    expect(report.lock?.ok).toBe(true);
    expect(landedSteps(report)).toBe(2);
    expect(report.abort).toBe('SIGTERM');
    expect(r.stderr).toContain('steps 1-2 of 7 were applied and are left in place');
    expect(await readdir(ld)).toEqual([]);
    const files = filesOf([Guest1, Guest2, Guest3, U4], 'E3');
    expect(await mountFiles(sim.dir, files)).toEqual(modelFiles(replay(scenario.state, PLAN_OK, 2).state, files));
  });

  it.each([
    ['E3', 'a plan that succeeds', PLAN_OK],
    ['E3', 'EADDRINUSE at step 3', PLAN_FAIL],
    ['E3', 'EBUSY at step 2', PLAN_BUSY],
    ['E1', 'EADDRINUSE at step 3', PLAN_FAIL],
    ['E1', 'no EBUSY before 6.0', PLAN_BUSY]
    // E1 has no ap_config: the preflight refuses a plan that writes it (trustApply.test.ts)
  ] as const)('on %s (%s) the script meets the verdicts of validatePlan and of the model', async (era, _what, plan) => {
    const scenario = buildScenario('demo', era);
    sim = await mountScenario({ scenario: 'demo', era });
    // the host as the engine reads it: the dump script run by bash on the mount
    const host = await snapshotOf(sim.dir, `demo:demo:${era}`);
    const validation = validatePlan(host, plan);
    const ran = validation.firstFailure < 0 ? validation.verdicts : validation.verdicts.slice(0, validation.firstFailure + 1);
    expect(validation.verdicts.slice(ran.length).every((v) => v.errno === NOT_RUN)).toBe(true);

    const { lock } = await lockDir();
    const opts = { machine: true, ...(validation.firstFailure < 0 ? { expectedAfter: validation.after } : {}) };
    const file = await writeScript(exportShellScript(host, plan, opts));
    const r = await runScript(shell, file, { SYSFS_ROOT: sim.dir, AP_LOCK: lock });
    const report = parseMachineOutput(r.stdout);
    expect(report.preflight?.ok).toBe(true);
    expect(report.steps.map((x) => x.errno)).toEqual(ran.map((v) => v.errno));
    for (const x of report.steps.filter((y) => !y.ok)) expect(x.errorText).toBe(STRERROR[ran[x.step - 1].errno as Errno]);
    expect(r.code).toBe(validation.firstFailure < 0 ? 0 : 1);
    expect(report.done).toBe(validation.firstFailure < 0);

    // the model agrees, file by file
    const { verdicts, state } = replay(scenario.state, plan);
    expect(verdicts.map((v) => v.errno)).toEqual(ran.map((v) => v.errno));
    const files = filesOf([Guest1, Guest2, Guest3, U4, U5], era);
    expect(await mountFiles(sim.dir, files)).toEqual(modelFiles(state, files));
    // and the host read back equals validatePlan's predicted host
    expect(masksOf(await snapshotOf(sim.dir, 'after'))).toEqual(masksOf(validation.after));
  });
});

/** Runs the script and sends SIGTERM to its group once `ready()` turns true. */
async function runScriptSignalledWhen(
  shell: string,
  file: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>
): Promise<ScriptRun> {
  const { pid, result } = startScript(shell, file, env);
  let finished = false;
  void result.finally(() => (finished = true)).catch(() => undefined);
  while (!finished) {
    if (await ready()) {
      process.kill(-pid, 'SIGTERM');
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return result;
}
