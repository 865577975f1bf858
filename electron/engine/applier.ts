/**
 * Applies a plan safely:
 * 1. reads the host afresh and refuses (writing nothing) when its fingerprint
 *    is not the one the plan was made on;
 * 2. re-validates the plan itself on that state (main never trusts the renderer);
 * 3. runs the plan's machine-mode script in ONE round trip (the script takes
 *    the AP configuration lock, re-checks every value it depends on, stops at
 *    the first refused write), streaming progress per step;
 * 4. re-reads the host (reconnecting first when the connection was lost) and
 *    decides which steps landed FROM THAT STATE (landed.ts), then returns it
 *    with the rollback of exactly those steps.
 * Before all that, the journals on the host (applyJournal.ts): an interrupted
 * apply is finished (`resume`), rolled back (`rollback`) or stops apply; a
 * host already in the plan's end state is "already applied", nothing written.
 */
import type { ApplyProgress, ApplyResult } from '../../shared/api/contract';
import { parseMachineOutput, landedSteps, errnoFromText } from '../../shared/export/machineStatus';
import { planGate } from '../../shared/plan/exportGate';
import { rollbackPlan } from '../../shared/plan/rollback';
import { describeOperation, type Plan } from '../../shared/plan/operations';
import { TransportError, type HostLink, type PlanRun } from '../transport/types';
import { isAlreadyApplied } from '../../shared/export/endState';
import type { Journal } from '../../shared/export/shellJournal';
import type { HostState } from '../../shared/host/hostState';
import { decideOnJournals, journalsOf, type ApplyMode } from './applyJournal';
import { decideLanded, hostProjection, prefixProjections } from './landed';
import { persistentOutcome, withPersistentNote } from './persistOutcome';
import { readHost, type HostReading } from './reader';

export type ProgressSink = (p: Omit<ApplyProgress, 'applyId'>) => void;

export interface ApplyOptions {
  onProgress?: ProgressSink;
  /** waits between reconnect attempts after a lost connection */
  reconnectDelaysMs?: number[];
  /** active, persistent or both (default: both where the persistent root is writable) */
  persist?: 'active' | 'persistent' | 'both';
  /** finish or roll back an interrupted apply of this plan journalled on the host */
  mode?: ApplyMode;
}

const EMPTY_ROLLBACK = (plan: Plan): Plan => ({ title: `nothing to roll back for "${plan.title}"`, operations: [] });

function refused(reading: HostReading, plan: Plan, error: string): ApplyResult {
  return {
    landed: 0,
    total: plan.operations.length,
    ok: false,
    error,
    host: reading.host,
    findings: reading.findings,
    rollback: EMPTY_ROLLBACK(plan)
  };
}

async function rereadAfterLoss(link: HostLink, delays: number[], why: string): Promise<HostReading> {
  let last: unknown = null;
  for (const ms of delays) {
    await new Promise((r) => setTimeout(r, ms));
    try {
      await link.reconnect();
      return await readHost(link, { afterApply: true });
    } catch (e) {
      last = e;
    }
  }
  const msg = last instanceof Error ? last.message : String(last);
  throw new Error(
    `${why}; reconnecting failed (${msg}): the host's state is unknown, connect again and re-read it before doing anything else`
  );
}

export async function applyPlan(link: HostLink, asked: Plan, fingerprint: string, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const mode = opts.mode ?? 'apply';
  const progress: ProgressSink = opts.onProgress ?? (() => undefined);
  progress({ step: 0, total: asked.operations.length, state: 'running', message: 'reading the host to check it did not change' });

  const before = await readHost(link);
  const already = mode === 'apply' && isAlreadyApplied(before.host, asked);
  const decision = decideOnJournals(await journalsOf(link), asked, mode);
  // the active end state is not "already applied" while persistent changes of a journalled apply are pending
  const persistPending = decision.kind === 'refuse' && (decision.journal?.persistTotal ?? 0) > 0;
  if (decision.kind === 'refuse' && (!already || persistPending)) {
    progress({ step: 0, total: asked.operations.length, state: 'failed', message: decision.error });
    const j = decision.journal;
    const interrupted = j ? { ownPlan: decision.ownPlan === true, landed: j.landed, total: j.total, journal: j.file } : undefined;
    return { ...refused(before, asked, decision.error), ...(interrupted ? { interrupted } : {}) };
  }
  // the plan this run writes: the one asked, its rest (resume) or its rollback
  const plan = decision.kind === 'run' ? decision.plan : asked;
  const runOptions = decision.kind === 'run' ? decision.run : {};
  const total = plan.operations.length;
  // a pinned fingerprint is the state before the first step: a resumed or rolled-back apply is past it
  if (mode === 'apply' && !already && before.host.fingerprint !== fingerprint) {
    const error =
      'the host changed since the plan was made (its fingerprint differs): nothing was written; re-read the host and check the plan again';
    progress({ step: 0, total, state: 'failed', message: error });
    return refused(before, plan, error);
  }
  // the persistent part (every mode but active) must not break the next boot: the export gate's check
  const gate = planGate(before.host, plan, !already && opts.persist !== 'active');
  const validation = gate.validation;
  const refusal = already ? null : gate.refusal;
  if (refusal) {
    const error = `${refusal}; nothing was written`;
    const step = validation.unsafe?.length ? validation.unsafe[0].step + 1 : validation.firstFailure + 1;
    progress({ step, total, state: 'failed', message: error });
    return refused(before, plan, error);
  }

  const onLine = (line: string) => {
    const m = /^STEP (\d+) (OK|FAIL)(?: (.*))?$/.exec(line);
    if (m) {
      const n = Number(m[1]);
      const op = plan.operations[n - 1];
      const what = op ? describeOperation(op) : `step ${n}`;
      progress({ step: n, total, state: m[2] === 'OK' ? 'ok' : 'failed', message: m[2] === 'OK' ? what : `${what}: ${m[3] ?? 'failed'}` });
    } else if (line.startsWith('LOCK WAIT ')) {
      progress({
        step: 0,
        total,
        state: 'running',
        message: `waiting for the s390 AP configuration lock, held by process ${line.slice(10)}`
      });
    } else if (line === 'PREFLIGHT OK' && total > 0) {
      progress({ step: 0, total, state: 'running', message: `host checked; writing ${total} step${total === 1 ? '' : 's'}` });
    }
  };
  let run: PlanRun;
  try {
    run = await link.runPlan(before.host, plan, onLine, opts.persist ? { ...runOptions, persist: opts.persist } : runOptions);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // no script was made (the generator refused the plan): nothing was sent, nothing written
    if (!(e instanceof TransportError)) return refused(before, plan, `the plan script could not be made: ${msg}; nothing was written`);
    // the script may or may not have started: the re-read below says what happened
    run = { lines: [], stderr: msg, exitCode: null, lost: true, lostReason: msg };
  }

  const report = parseMachineOutput(run.lines.join('\n'));
  if (report.already && run.exitCode === 0) {
    progress({ step: 0, total, state: 'ok', message: 'already applied: nothing to do' });
    return {
      landed: 0,
      total,
      ok: true,
      already: true,
      error: null,
      host: before.host,
      findings: before.findings,
      rollback: EMPTY_ROLLBACK(plan)
    };
  }
  const reported = landedSteps(report);
  const delays = opts.reconnectDelaysMs ?? [0, 250, 1000, 2000, 4000];
  const lostWhy = `the connection was lost during apply after ${reported} reported step${reported === 1 ? '' : 's'}`;
  const after = run.lost
    ? await rereadAfterLoss(link, delays, lostWhy)
    : // the connection can also drop between the script's end and the re-read
      await readHost(link, { afterApply: true }).catch(() => rereadAfterLoss(link, delays, 'the connection was lost right after apply'));

  // the script wrote the persistent part only: --persist persistent, or the host
  // already showed the active end state (ACTIVE ALREADY, e.g. both after active)
  const persistent = persistentOutcome(report.unknown, run.lost || run.exitCode === null);
  const resumed = mode === 'resume' && decision.kind === 'run' ? decision.journal : null;
  if (opts.persist === 'persistent' || report.unknown.includes('ACTIVE ALREADY')) {
    const result = { ...persistentOnlyResult(plan, run, report.unknown, after), ...(persistent ? { persistent } : {}) };
    result.rollback = withPersistentNote(rollbackOf(before.host, plan, 0, resumed), persistent);
    progress({
      step: 0,
      total,
      state: result.ok ? 'ok' : 'failed',
      message: result.ok ? 'persistent configuration written; no sysfs write' : (result.error ?? '')
    });
    return result;
  }
  const verdict = decideLanded(prefixProjections(before.host, plan), hostProjection(after.host), reported, !run.lost);
  const landed = verdict.landed;
  const error = explain(plan, run, report, landed, verdict.explained);
  // every active step landed, and then a persistent change failed (its earlier ones undone)
  const persistError = error === null && persistent?.undone !== undefined ? persistent.message : null;
  const ok = landed === total && error === null && persistError === null;
  progress({
    step: landed,
    total,
    state: ok ? 'ok' : 'failed',
    message: ok ? `applied ${total} of ${total} steps` : (error ?? persistError ?? '')
  });
  return {
    landed,
    total,
    ok,
    error: error ?? persistError,
    host: after.host,
    findings: after.findings,
    rollback: withPersistentNote(rollbackOf(before.host, plan, landed, resumed), persistent),
    ...(persistent ? { persistent } : {})
  };
}

/** `--persist persistent`: no active step runs; the result is the persistent part's (persistScript.ts status lines). */
function persistentOnlyResult(plan: Plan, run: PlanRun, lines: string[], after: HostReading): ApplyResult {
  const failed = lines.find((l) => l.startsWith('PSTEP ') && / FAIL /.test(l));
  const ok = run.exitCode === 0 && lines.includes('PERSIST OK');
  const error = ok
    ? null
    : failed
      ? `persistent change refused: ${failed.replace(/^PSTEP (\d+) FAIL /, 'change $1: ')}; the earlier persistent changes were undone`
      : `the persistent part did not finish (exit ${run.exitCode ?? '?'}${run.stderr ? `: ${run.stderr.trim().split('\n').pop()}` : ''})`;
  return {
    landed: 0,
    total: plan.operations.length,
    ok,
    error,
    host: after.host,
    findings: after.findings,
    rollback: EMPTY_ROLLBACK(plan)
  };
}

/** The inverse of the landed steps; after a resume, followed by the journal's undo of the steps before it. */
function rollbackOf(host: HostState, plan: Plan, landed: number, resumed: Journal | null): Plan {
  const own = landed > 0 ? rollbackPlan(host, plan, landed) : EMPTY_ROLLBACK(plan);
  if (!resumed || resumed.landed === 0) return own;
  if (landed === 0) return resumed.rollback;
  return {
    title: `roll back the first ${resumed.landed + landed} steps of "${plan.title}"`,
    operations: [...own.operations, ...resumed.rollback.operations]
  };
}

/** One sentence for what went wrong, or null when all steps landed and the final check passed. */
function explain(
  plan: Plan,
  run: PlanRun,
  report: ReturnType<typeof parseMachineOutput>,
  landed: number,
  explained: boolean
): string | null {
  const total = plan.operations.length;
  const tail = `${landed} of ${total} step${total === 1 ? '' : 's'} landed (checked on the re-read host)`;
  // the lock first: while another apply holds it, that apply is what changes the host
  if (report.lock && !report.lock.ok)
    return `another apply holds the s390 AP configuration lock (process ${report.lock.owner}): nothing was written; try again when it has finished`;
  if (report.journal) {
    const which = report.journal.own ? 'this plan' : 'another plan';
    return `an apply of ${which} was interrupted (journal ${report.journal.file}): steps 1-${report.journal.landed} of ${report.journal.total} had landed; nothing was written`;
  }
  const journalFail = report.unknown.find((l) => l.startsWith('JOURNAL FAIL '));
  if (journalFail && landed === 0)
    return `the apply journal ${journalFail.slice(13)} could not be written on the host: nothing was written`;
  if (report.preflight && !report.preflight.ok && report.preflight.differs.some((d) => d.startsWith('feature:'))) {
    return `this host's kernel lacks what the plan needs (${report.preflight.differs
      .filter((d) => d.startsWith('feature:'))
      .map((d) => d.slice(8))
      .join(', ')}): nothing was written`;
  }
  if (!explained) return `the host as re-read matches no point of the plan: something else changed it meanwhile; ${tail}`;
  if (report.preflight && !report.preflight.ok) {
    return `the host changed since it was read (${report.preflight.differs.join(', ')}): nothing was written`;
  }
  const failed = report.steps.find((s) => !s.ok);
  if (failed && landed < total) {
    const op = plan.operations[failed.step - 1];
    const errno = failed.errno ?? errnoFromText(failed.errorText ?? '');
    return `step ${failed.step} (${op ? describeOperation(op) : '?'}) was refused by the kernel: ${failed.errorText}${errno ? ` (${errno})` : ''}; ${tail}`;
  }
  if (run.lost && landed < total) return `the connection was lost during apply (${run.lostReason ?? 'closed'}); ${tail}`;
  if (landed < total) {
    // the script's own last sentence, not the usage line that may follow it
    const said = run.stderr.trim().split('\n');
    const last = said.filter((l) => l.startsWith('apmatrix: ')).pop() ?? said.pop();
    const why = report.abort
      ? `the script was interrupted (${report.abort})`
      : `the script stopped (exit ${run.exitCode ?? '?'}${run.stderr ? `: ${last}` : ''})`;
    return `${why}; ${tail}`;
  }
  if (report.verify && !report.verify.ok)
    return `all steps were accepted, but the final check differs in ${report.verify.differs.join(', ')}`;
  return null;
}
