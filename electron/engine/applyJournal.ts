/**
 * What apply does about the journals on the host (issue 8 item 5): an
 * interrupted apply of THIS plan is reported with the steps that landed and
 * the two ways on (`--resume`, `--rollback`); one of ANOTHER plan stops apply
 * until it is finished or rolled back. Resume runs the rest of the plan and
 * keeps the journal's name (and the persistent changes it lists); rollback runs
 * the journal's undo lines, puts back what its landed persistent changes
 * replaced, and clears the journal once both landed.
 */
import type { ApplyMode, Finding } from '../../shared/api/contract';
import { describeJournal, planDigest, type Journal, type JournalContinuation } from '../../shared/export/shellJournal';
import type { Plan } from '../../shared/plan/operations';
import type { HostLink, PlanRunOptions } from '../transport/types';

export type { ApplyMode };

/** The journals on the host; a link that cannot have them, or a failed read, gives none. */
export async function journalsOf(link: HostLink): Promise<Journal[]> {
  if (!link.readJournals) return [];
  try {
    return await link.readJournals();
  } catch {
    return [];
  }
}

export type JournalDecision =
  /** go on with the plan as given */
  | { kind: 'run'; plan: Plan; offset: number; run: PlanRunOptions; journal: Journal | null }
  /** stop: nothing is written */
  | { kind: 'refuse'; error: string; journal?: Journal; ownPlan?: boolean };

/**
 * @param plan the plan the user asked to apply
 * @param mode plain apply, or finish / roll back its interrupted apply
 */
export function decideOnJournals(journals: Journal[], plan: Plan, mode: ApplyMode): JournalDecision {
  const digest = planDigest(plan);
  const own = journals.find((j) => j.digest === digest) ?? null;
  // the rollback an apply result offered, loaded and applied as a plan of its own, clears that apply's journal
  // (not when persistent changes landed too, nor from a journal with problems: only `--rollback` puts those back)
  const undone = journals.find(
    (j) => j.digest !== digest && j.landed > 0 && j.persistLanded === 0 && j.problems.length === 0 && planDigest(j.rollback) === digest
  );
  if (undone && mode === 'apply' && journals.length === 1)
    return { kind: 'run', plan, offset: 0, run: { clearsJournal: undone.digest }, journal: undone };
  const other = journals.find((j) => j.digest !== digest);
  if (other) {
    return {
      kind: 'refuse',
      error: `${describeJournal(other, false)}; finish it or roll it back first (apmatrix apply THAT_PLAN --resume or --rollback): nothing was written`,
      journal: other,
      ownPlan: false
    };
  }
  if (mode === 'apply') {
    if (!own) return { kind: 'run', plan, offset: 0, run: {}, journal: null };
    return {
      kind: 'refuse',
      error: `${describeJournal(own, true)}; run apply again with --resume to finish it or with --rollback to undo those steps: nothing was written`,
      journal: own,
      ownPlan: true
    };
  }
  if (!own)
    return {
      kind: 'refuse',
      error: `no interrupted apply of this plan is journalled on the host, so there is nothing to ${mode === 'resume' ? 'resume' : 'roll back'}: nothing was written`
    };
  if (own.problems.length || own.undoSteps.length < own.landed || own.persistUndo.length < own.persistLanded) {
    return {
      kind: 'refuse',
      error: `the journal ${own.file} cannot be read (${own.problems.join('; ') || 'undo lines missing'}): nothing was written`
    };
  }
  // the journal is host data: a definition it names must be one this plan touches
  const touched = new Set(plan.operations.flatMap((op) => ('uuid' in op ? [op.uuid] : [])));
  const stranger = own.persistUndo.find((u) => u.kind === 'definition' && !touched.has(u.uuid));
  if (stranger && stranger.kind === 'definition') {
    return {
      kind: 'refuse',
      error: `the journal ${own.file} names the definition of mdev ${stranger.uuid}, which this plan does not touch: nothing was written`
    };
  }
  if (mode === 'rollback') {
    // the persistent changes that landed are put back too, from the journal's checked values (persistJournal.ts)
    const persistRestore = own.persistLanded > 0 ? own.persistUndo : undefined;
    return {
      kind: 'run',
      plan: own.rollback,
      offset: 0,
      run: { clearsJournal: own.digest, ...(persistRestore ? { persistRestore } : {}) },
      journal: own
    };
  }
  const continues: JournalContinuation = { plan, landed: own.landed, undo: own.undoSteps, persistUndo: own.persistUndo };
  const rest: Plan = { title: plan.title, operations: plan.operations.slice(own.landed) };
  return { kind: 'run', plan: rest, offset: own.landed, run: { continues }, journal: own };
}

/** The audit finding for each journal on the host. */
export function journalFindings(journals: Journal[]): Finding[] {
  return journals.map((j) => ({
    code: 'interrupted-apply',
    severity: 'warning' as const,
    message: `${describeJournal(j, false)}; apply that plan again with --resume to finish it or --rollback to undo the landed steps`,
    cells: [],
    mdevs: []
  }));
}
