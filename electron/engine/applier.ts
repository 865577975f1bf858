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
 */
import type { ApplyProgress, ApplyResult } from '../../shared/api/contract';
import { parseMachineOutput, landedSteps, errnoFromText } from '../../shared/export/machineStatus';
import { refusalOf, validateSafely } from '../../shared/plan/safety';
import { rollbackPlan } from '../../shared/plan/rollback';
import { describeOperation, type Plan } from '../../shared/plan/operations';
import { TransportError, type HostLink, type PlanRun } from '../transport/types';
import { decideLanded, hostProjection, prefixProjections } from './landed';
import { readHost, type HostReading } from './reader';

export type ProgressSink = (p: Omit<ApplyProgress, 'applyId'>) => void;

export interface ApplyOptions {
  onProgress?: ProgressSink;
  /** waits between reconnect attempts after a lost connection */
  reconnectDelaysMs?: number[];
  /** active, persistent or both (default: both where the persistent root is writable) */
  persist?: 'active' | 'persistent' | 'both';
}

const EMPTY_ROLLBACK = (plan: Plan): Plan => ({ title: `nothing to roll back for "${plan.title}"`, operations: [] });

function refused(reading: HostReading, plan: Plan, error: string): ApplyResult {
  return { landed: 0, total: plan.operations.length, ok: false, error, host: reading.host, findings: reading.findings, rollback: EMPTY_ROLLBACK(plan) };
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
  throw new Error(`${why}; reconnecting failed (${msg}): the host's state is unknown, connect again and re-read it before doing anything else`);
}

export async function applyPlan(link: HostLink, plan: Plan, fingerprint: string, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const total = plan.operations.length;
  const progress: ProgressSink = opts.onProgress ?? (() => undefined);
  progress({ step: 0, total, state: 'running', message: 'reading the host to check it did not change' });

  const before = await readHost(link);
  if (before.host.fingerprint !== fingerprint) {
    const error = 'the host changed since the plan was made (its fingerprint differs): nothing was written; re-read the host and check the plan again';
    progress({ step: 0, total, state: 'failed', message: error });
    return refused(before, plan, error);
  }
  const validation = validateSafely(before.host, plan);
  const refusal = refusalOf(validation, plan);
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
    } else if (line === 'PREFLIGHT OK' && total > 0) {
      progress({ step: 0, total, state: 'running', message: `host checked; writing ${total} step${total === 1 ? '' : 's'}` });
    }
  };
  let run: PlanRun;
  try {
    run = await link.runPlan(before.host, plan, onLine, opts.persist ? { persist: opts.persist } : {});
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // no script was made (the generator refused the plan): nothing was sent, nothing written
    if (!(e instanceof TransportError)) return refused(before, plan, `the plan script could not be made: ${msg}; nothing was written`);
    // the script may or may not have started: the re-read below says what happened
    run = { lines: [], stderr: msg, exitCode: null, lost: true, lostReason: msg };
  }

  const report = parseMachineOutput(run.lines.join('\n'));
  const reported = landedSteps(report);
  const delays = opts.reconnectDelaysMs ?? [0, 250, 1000, 2000, 4000];
  const lostWhy = `the connection was lost during apply after ${reported} reported step${reported === 1 ? '' : 's'}`;
  const after = run.lost
    ? await rereadAfterLoss(link, delays, lostWhy)
    : // the connection can also drop between the script's end and the re-read
      await readHost(link, { afterApply: true }).catch(() => rereadAfterLoss(link, delays, 'the connection was lost right after apply'));

  if (opts.persist === 'persistent') return persistentOnlyResult(plan, run, report.unknown, after);
  const verdict = decideLanded(prefixProjections(before.host, plan), hostProjection(after.host), reported, !run.lost);
  const landed = verdict.landed;
  const error = explain(plan, run, report, landed, verdict.explained);
  const ok = landed === total && error === null;
  progress({ step: landed, total, state: ok ? 'ok' : 'failed', message: ok ? `applied ${total} of ${total} steps` : error ?? '' });
  return {
    landed,
    total,
    ok,
    error,
    host: after.host,
    findings: after.findings,
    rollback: landed > 0 ? rollbackPlan(before.host, plan, landed) : EMPTY_ROLLBACK(plan)
  };
}

/** `--persist persistent`: no active step runs; the result is the persistent part's (persistScript.ts status lines). */
function persistentOnlyResult(plan: Plan, run: PlanRun, lines: string[], after: HostReading): ApplyResult {
  const failed = lines.find((l) => l.startsWith('PSTEP ') && / FAIL /.test(l));
  const ok = run.exitCode === 0 && lines.includes('PERSIST OK');
  const error = ok ? null : failed ? `persistent change refused: ${failed.replace(/^PSTEP (\d+) FAIL /, 'change $1: ')}; the earlier persistent changes were undone` : `the persistent part did not finish (exit ${run.exitCode ?? '?'}${run.stderr ? `: ${run.stderr.trim().split('\n').pop()}` : ''})`;
  return { landed: 0, total: plan.operations.length, ok, error, host: after.host, findings: after.findings, rollback: EMPTY_ROLLBACK(plan) };
}

/** One sentence for what went wrong, or null when all steps landed and the final check passed. */
function explain(plan: Plan, run: PlanRun, report: ReturnType<typeof parseMachineOutput>, landed: number, explained: boolean): string | null {
  const total = plan.operations.length;
  const tail = `${landed} of ${total} step${total === 1 ? '' : 's'} landed (checked on the re-read host)`;
  if (!explained) return `the host as re-read matches no point of the plan: something else changed it meanwhile; ${tail}`;
  if (report.lock && !report.lock.ok) return `the s390 AP configuration lock is held by process ${report.lock.owner}: nothing was written`;
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
    const why = report.abort ? `the script was interrupted (${report.abort})` : `the script stopped (exit ${run.exitCode ?? '?'}${run.stderr ? `: ${run.stderr.trim().split('\n').pop()}` : ''})`;
    return `${why}; ${tail}`;
  }
  if (report.verify && !report.verify.ok) return `all steps were accepted, but the final check differs in ${report.verify.differs.join(', ')}`;
  return null;
}
