/**
 * The plan as a POSIX shell script (issue 3 item 5, issue 8 items 5-7, 9). The
 * same generator serves the user's export and the engine's apply (machine
 * mode): what you export is exactly what apply runs. Every word the script
 * writes or compares is built from validated ids, masks and UUIDs; titles,
 * host names and times appear only in comments (sanitized to one line) and
 * in the journal (as single-quoted JSON).
 *
 * Phases, in order: options; lock; "already applied"; journal scan; preflight
 * (kernel features, then what the plan depends on); journal start; the active
 * (sysfs) steps; final check; the persistent steps (--persist persistent|both);
 * DONE. "Already applied" means every part the mode asks for is done.
 */
import type { HostState } from '../host/hostState';
import { describeOperation, opPath, opPayload, OversizedWrite, type Operation, type Plan } from '../plan/operations';
import { ExportError } from './exportError';
import { checkPlan, pictureOfHost, predictAfter, touchedMdevs } from './picture';
import { restoreChanges, type PersistUndo } from './persistJournal';
import { persistScriptParts } from './persistScript';
import { shWord } from './sanitize';
import { concernedFunction, dependencyLines, planDependencies } from './shellDepends';
import { scriptHeader } from './shellHeader';
import { journalBodyFunction, journalSpec, type JournalContinuation } from './shellJournal';
import { SHELL_RUNTIME_CHECKS, SHELL_RUNTIME_OPTIONS } from './shellRuntime';
import { SHELL_RUNTIME_JOURNAL } from './shellRuntimeJournal';

export interface ShellScriptOptions {
  /** machine-readable status lines by default (the engine's apply) */
  machine?: boolean;
  /** the host after the plan, from validatePlan's replay; default: the plan replayed on the masks */
  expectedAfter?: HostState;
  /** for the header; default now */
  generatedAt?: string;
  /** the script finishes an interrupted apply: `plan` is the rest of `continues.plan` */
  continues?: JournalContinuation;
  /** the script rolls back an interrupted apply: the digest of the journal it clears when done */
  clearsJournal?: string;
  /** the script rolls back an interrupted apply: what its landed persistent changes replaced (persistJournal.ts) */
  persistRestore?: PersistUndo[];
  /** options baked in front of the caller's (the engine passes --lock, --etc-root ... this way) */
  options?: string[];
}

/** One page: kernfs hands a sysfs attribute at most this many bytes per store, newline included. */
export const PAGE_SIZE = 4096;

const DESCRIPTION = /^[A-Za-z0-9 .,;:()_+-]*$/;

/** A description is derived from validated values; still, only harmless characters pass. */
function stepDescription(op: Operation): string {
  const d = describeOperation(op);
  return DESCRIPTION.test(d) ? d : op.kind;
}

function checkWritable(op: Operation, i: number): void {
  if ((op.kind === 'apmask' || op.kind === 'aqmask') && op.set.length + op.clear.length === 0) {
    // an empty payload is the absolute form and would clear the whole mask (§1.2)
    throw new ExportError(`operations[${i}]`, `${op.kind} operation without ids would clear the whole mask`);
  }
  // kernfs cuts a longer write() at one page and the rest arrives as a second store,
  // which a relative mask payload would turn into an absolute mask (issue 8 item 1);
  // opPayload refuses such a write itself: here it is named by its step
  try {
    opPayload(op);
  } catch (e) {
    if (!(e instanceof OversizedWrite)) throw e;
    throw new ExportError(
      `operations[${i}]`,
      `writes ${e.bytes} bytes to ${opPath(op)} in one store; the kernel takes at most ${PAGE_SIZE - 1} (one page with the newline)`
    );
  }
}

/** Every payload the script writes, with its newline, is shorter than one page; throws otherwise. */
export function assertOnePageWrites(plan: Plan): void {
  plan.operations.forEach(checkWritable);
}

/** Options given in the script itself; each a safe word. */
function bakedOptions(options: string[] | undefined): string[] {
  if (!options?.length) return [];
  const words = options.map((o) => `'${o.replace(/'/g, `'\\''`)}'`);
  return [`set -- ${words.join(' ')} "$@"`];
}

export function exportShellScript(host: HostState, plan: Plan, opts: ShellScriptOptions = {}): string {
  checkPlan(plan);
  assertOnePageWrites(plan);
  const before = pictureOfHost(host);
  const after = opts.expectedAfter ? pictureOfHost(opts.expectedAfter) : predictAfter(before, plan);
  const deps = planDependencies(plan, before, after);

  const total = plan.operations.length;
  const apConfigStep = plan.operations.findIndex((op) => op.kind === 'ap-config');
  // validated on a dynamic-era host, mdev writes assume its rules (§6.2 against §6.4)
  const needsDynamicEra =
    host.era === 'E3' && plan.operations.some((op) => 'uuid' in op && op.kind !== 'create-mdev' && op.kind !== 'remove-mdev');
  // the persistent part (persistScript.ts): a continuation's definitions are those of the whole plan;
  // a rollback puts back what the interrupted apply's persistent changes replaced
  const touched = touchedMdevs(opts.continues?.plan ?? plan);
  const restore = opts.persistRestore ? restoreChanges(host, opts.persistRestore) : undefined;
  const persist = persistScriptParts(host, after, touched, restore);
  const journal = journalSpec(host, plan, opts.continues, persist.changes);

  const steps = plan.operations.map((op, i) => ({
    n: i + 1,
    path: shWord(opPath(op)),
    value: shWord(opPayload(op)),
    text: stepDescription(op)
  }));
  const clears = opts.clearsJournal ?? '';
  if (!/^[0-9a-f]{0,16}$/.test(clears)) throw new ExportError('clearsJournal', 'must be a plan digest');

  const lines = [
    ...scriptHeader({
      title: plan.title,
      host,
      generatedAt: opts.generatedAt ?? new Date().toISOString(),
      steps,
      after,
      deps,
      needsApConfig: apConfigStep >= 0,
      needsDynamicEra,
      digest: journal.digest
    }),
    ...persist.header,
    ...bakedOptions(opts.options),
    `MACHINE=${opts.machine ? 1 : 0}`,
    `AP_TOTAL=${total}`,
    `AP_DIGEST=${journal.digest}`,
    `AP_JOURNAL_TOTAL=${journal.plan.operations.length}`,
    `AP_JOURNAL_OFFSET=${journal.offset}`,
    `AP_RESUMES=${opts.continues ? 1 : 0}`,
    `AP_POFFSET=${journal.persistOffset}`,
    `AP_CLEARS='${clears}'`,
    SHELL_RUNTIME_OPTIONS,
    SHELL_RUNTIME_CHECKS,
    SHELL_RUNTIME_JOURNAL,
    'AP_JLANDED=$AP_JOURNAL_OFFSET',
    ...persist.runtime,
    ...concernedFunction(deps),
    ...journalBodyFunction(journal),
    '',
    '# --- the checks',
    'ap_check_features() {',
    '  :',
    ...(needsDynamicEra ? ['  ap_need_dynamic_era'] : []),
    ...(apConfigStep >= 0 ? [`  ap_need_ap_config ${apConfigStep + 1}`] : []),
    '}',
    `# the values as read at ${host.readAt.replace(/[^0-9A-Za-z:.-]/g, '?')}, in what the plan depends on`,
    'ap_check_before() {',
    '  :',
    ...dependencyLines(before, deps, true).map((l) => `  ${l}`),
    '}',
    '# the expected result, with the holders of the queues the plan depends on',
    'ap_check_end_state() {',
    '  :',
    ...dependencyLines(after, deps, true).map((l) => `  ${l}`),
    '}',
    'ap_check_final() {',
    '  :',
    ...dependencyLines(after, deps, false).map((l) => `  ${l}`),
    '}',
    'ap_already() {',
    "  AP_QUIET=1 AP_PHASE=already AP_WANT='expected' AP_DIFF=''",
    '  ap_check_end_state',
    '  AP_QUIET=0',
    '  [ -z "$AP_DIFF" ]',
    '}',
    '# what is still to do: the active part unless --persist persistent, the',
    '# persistent part unless --persist active; each is done when the host shows it',
    'ap_todo() {',
    '  AP_ACTIVE_END=0 AP_ACTIVE_TODO=0 AP_PERSIST_TODO=0',
    '  if ap_already; then AP_ACTIVE_END=1; elif [ "$PERSIST" != persistent ]; then AP_ACTIVE_TODO=1; fi',
    '  if [ "$PERSIST" != active ] && ! ap_persist_already; then AP_PERSIST_TODO=1; fi',
    '  [ "$AP_ACTIVE_TODO$AP_PERSIST_TODO" != 00 ]',
    '}',
    'ap_active_already_said() {',
    '  if [ "$AP_ACTIVE_END" = 1 ] && [ "$PERSIST" != persistent ]; then',
    '    ap_status "ACTIVE ALREADY"',
    '    ap_say "the host already shows the expected result: no sysfs write; the persistent part is still to write"',
    '  fi',
    '}',
    '',
    'if [ "$DRY_RUN" = 1 ]; then',
    '  if ! ap_todo; then ap_status ALREADY; ap_say "already applied: nothing to do"; exit 0; fi',
    "  AP_PHASE='dry run' AP_WANT='it was read as' AP_DIFF=''",
    '  if [ "$AP_ACTIVE_TODO" = 1 ]; then',
    '  ap_check_features',
    '  ap_check_before',
    ...steps.map((s) => `  ap_dry ${s.n} ${s.path} ${s.value} '${s.text}'`),
    '  else',
    '  ap_active_already_said',
    '  fi',
    '  if [ "$AP_PERSIST_TODO" = 1 ]; then ap_persist_dry; fi',
    '  AP_DIFF=${AP_DIFF# }',
    '  if [ -n "$AP_DIFF" ]; then ap_status "PREFLIGHT FAIL $AP_DIFF"; ap_complain "the host no longer matches what the plan was made on; these writes would not run"; exit 3; fi',
    '  ap_status "PREFLIGHT OK"',
    '  ap_say "the host still matches what the plan was made on: these writes would run"',
    '  exit 0',
    'fi',
    '',
    'if ! ap_lock; then',
    '  ap_status "LOCK FAIL ${AP_LOCK_OWNER:-unknown}"',
    '  ap_complain "could not take $AP_LOCK: $AP_LOCK_WHY; nothing was written"',
    '  exit 4',
    'fi',
    'ap_status "LOCK OK"',
    '',
    '# "already applied" only when every part the mode asks for is done (Ansible',
    '# idempotency); an active apply persisted later writes just the persistent part',
    'if ! ap_todo; then',
    '  if [ "$AP_ACTIVE_END" = 1 ]; then ap_journal_done ok; fi',
    '  ap_status ALREADY',
    '  ap_say "already applied: nothing to do"',
    '  exit 0',
    'fi',
    'ap_journal_scan',
    '',
    '# the active part, unindented so each step is a line of its own at the start',
    'if [ "$AP_ACTIVE_TODO" = 1 ]; then',
    "AP_PHASE=preflight AP_WANT='it was read as' AP_DIFF=''",
    'ap_check_features',
    'ap_check_before',
    'ap_preflight_end',
    '',
    'if ! ap_journal_write "$AP_JOURNAL_OFFSET"; then',
    '  ap_status "JOURNAL FAIL $AP_JOURNAL"',
    '  ap_complain "cannot write the apply journal $AP_JOURNAL; nothing was written"',
    '  exit 1',
    'fi',
    '',
    '# --- the active steps (sysfs)',
    ...steps.map((s) => `ap_step ${s.n} ${s.path} ${s.value} '${s.text}'`),
    '',
    '# --- final check of the active steps: the expected result',
    "AP_PHASE='final check' AP_WANT='expected' AP_DIFF=''",
    'ap_check_final',
    'ap_verify_end',
    'else',
    '  ap_active_already_said',
    'fi',
    '# --- the persistent steps, after the final check of the active ones',
    '# the journal goes once both parts are done',
    'if [ "$AP_PERSIST_TODO" = 1 ]; then ap_persist_write; ap_journal_done ok; fi',
    '',
    'ap_status DONE',
    'if [ "$AP_ACTIVE_TODO" = 1 ]; then ap_say "done: $AP_TOTAL steps applied"; else ap_say "done: the persistent configuration is written"; fi',
    'exit 0',
    ''
  ];
  return lines.join('\n');
}
