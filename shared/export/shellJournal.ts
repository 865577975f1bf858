/**
 * The apply journal (issue 8 item 5): a small file the plan script writes on
 * the target before its first write and rewrites after every step, removed
 * once the script ends (success or a refused step, both reported). A journal
 * left behind means an apply was interrupted (killed, signal, lost
 * connection): the next apply, `audit` and the app read it and say which
 * steps landed, and offer to finish or roll back.
 *
 * Location: `/run/apmatrix/journal-<plan digest>`, or run/apmatrix beside the
 * script's `--etc-root DIR` (the host's /etc) when given; `--journal-dir DIR`
 * overrides the directory. Format, one field a line:
 *
 *   apmatrix-journal 1
 *   digest <16 hex digits: planDigest>
 *   total <steps of the whole plan>
 *   landed <leading steps written>
 *   pid <the script's PID>
 *   title <the title's UTF-8 bytes in hex: free text never appears as script text>
 *   plan <JSON {operations}>
 *   undo <n> <JSON operations undoing step n>     (n = landed down to 1)
 *   ptotal, planded, pundo                         (the persistent part: persistJournal.ts)
 *
 * The journal stays until both parts are done: the active steps, then the
 * persistent changes (--persist persistent|both).
 * The undo lines, read top to bottom, are the rollback plan of the landed steps.
 */
import { MAX_OPERATIONS, PayloadError, validatePlanValue } from '../api/validators';
import { Fnv2x32 } from '../host/fingerprint';
import type { HostState } from '../host/hostState';
import { applyToModel, modelFromHost } from '../plan/matrixModel';
import { opPath, opPayload, type Operation, type Plan } from '../plan/operations';
import { inverseOf } from '../plan/rollback';
import { MAX_PERSIST_CHANGES, parsePersistUndo, undoOfChange, type PersistUndo } from './persistJournal';
import type { PersistChange } from './persistPlan';

export const JOURNAL_DIR = '/run/apmatrix';

/** The identity of a plan: its writes (paths and payloads) in order; the title does not count. */
export function planDigest(plan: Plan): string {
  const f = new Fnv2x32().str('apmatrix-plan-1').num(plan.operations.length);
  for (const op of plan.operations) f.str(opPath(op)).str(opPayload(op));
  return f.hex();
}

/** How a script continues an interrupted apply (the engine's `apply --resume`). */
export interface JournalContinuation {
  /** the whole plan as journalled (its digest names the journal) */
  plan: Plan;
  /** steps of it that had landed; the script runs the rest */
  landed: number;
  /** undo operations of those steps, for step 1..landed */
  undo: Operation[][];
  /** what the persistent changes that had landed replaced, change 1..n */
  persistUndo?: PersistUndo[];
}

export interface JournalSpec {
  digest: string;
  plan: Plan;
  /** step number in the journalled plan of the script's step 0 */
  offset: number;
  /** undo operations per journalled step, index 0 = step 1 */
  undo: Operation[][];
  /** persistent changes journalled by an earlier run (a continuation), kept first */
  persistOffset: number;
  /** what each persistent change replaces: the earlier run's, then this script's */
  persistUndo: PersistUndo[];
}

/** The undo operations of each step of `plan` run on `host`, index 0 = step 1. */
export function undoPerStep(host: HostState, plan: Plan): Operation[][] {
  const model = modelFromHost(host);
  return plan.operations.map((op) => {
    const inv = inverseOf(model, op);
    applyToModel(model, op);
    return inv;
  });
}

export function journalSpec(host: HostState, plan: Plan, cont?: JournalContinuation, persist: PersistChange[] = []): JournalSpec {
  const mine = persist.map(undoOfChange);
  if (!cont) return { digest: planDigest(plan), plan, offset: 0, undo: undoPerStep(host, plan), persistOffset: 0, persistUndo: mine };
  const earlier = cont.persistUndo ?? [];
  return {
    digest: planDigest(cont.plan),
    plan: cont.plan,
    offset: cont.landed,
    undo: [...cont.undo.slice(0, cont.landed), ...undoPerStep(host, plan)],
    persistOffset: earlier.length,
    persistUndo: [...earlier, ...mine]
  };
}

function utf8Hex(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fromUtf8Hex(hex: string): string {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('is not hex');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return new TextDecoder().decode(bytes);
}

/** A JSON text as one single-quoted sh word (JSON escapes newlines and control characters). */
function quotedJson(value: unknown): string {
  return `'${JSON.stringify(value).replace(/'/g, `'\\''`)}'`;
}

/** The generated `ap_journal_body LANDED` function: the lines after `pid`. */
export function journalBodyFunction(spec: JournalSpec): string[] {
  const out = [
    'ap_journal_body() {',
    `  printf 'title %s\\n' '${utf8Hex(spec.plan.title)}'`,
    `  printf 'plan %s\\n' ${quotedJson({ operations: spec.plan.operations })}`,
    '  ap_n=$1',
    '  while [ "$ap_n" -gt 0 ]; do',
    '    case "$ap_n" in'
  ];
  spec.undo.forEach((ops, i) => out.push(`      ${i + 1}) printf 'undo ${i + 1} %s\\n' ${quotedJson(ops)} ;;`));
  out.push('    esac', '    ap_n=$((ap_n - 1))', '  done');
  // the persistent part: AP_POFFSET from an earlier run, AP_PDONE of this one (persistScript.ts)
  // with --persist active no persistent change of this script is part of the apply
  out.push(
    `  ap_n=${spec.persistUndo.length}`,
    '  if [ "$PERSIST" = active ]; then ap_n=$AP_POFFSET; fi',
    '  printf \'ptotal %s\\n\' "$ap_n"',
    '  ap_n=$((AP_POFFSET + AP_PDONE))',
    '  printf \'planded %s\\n\' "$ap_n"',
    '  while [ "$ap_n" -gt 0 ]; do',
    '    case "$ap_n" in'
  );
  spec.persistUndo.forEach((u, i) => out.push(`      ${i + 1}) printf 'pundo ${i + 1} %s\\n' ${quotedJson(u)} ;;`));
  out.push('    esac', '    ap_n=$((ap_n - 1))', '  done', '}');
  return out;
}

export interface Journal {
  file: string;
  digest: string;
  total: number;
  landed: number;
  pid: number | null;
  title: string;
  plan: Plan | null;
  /** the rollback of the landed steps (undo lines in order) */
  rollback: Plan;
  /** undo operations per landed step, index 0 = step 1 */
  undoSteps: Operation[][];
  /** persistent changes of the apply, and how many of them had landed */
  persistTotal: number;
  persistLanded: number;
  /** what each landed persistent change replaced, index 0 = change 1 (checked values only) */
  persistUndo: PersistUndo[];
  /** lines that could not be read */
  problems: string[];
}

/** A journal is a few KB; a host that writes more is not trusted with it (undo lines of MAX_OPERATIONS steps fit). */
export const MAX_JOURNAL_BYTES = 8 * 1024 * 1024;

/**
 * Operations read back from a host (any JSON a hostile host wrote): checked
 * like a plan from a file or the API, so nothing malformed reaches a rollback
 * plan, a resume's journal or a message.
 */
function journalOperations(json: string, label: string): Operation[] {
  try {
    return validatePlanValue({ title: '', operations: JSON.parse(json) as unknown }, 'journal').operations;
  } catch (e) {
    if (e instanceof PayloadError) throw new Error(`${label}${e.field.replace(/^plan\./, '')} ${e.rule}`, { cause: e });
    throw e;
  }
}

/** Reads one journal's text (what `cat` printed). */
export function parseJournal(file: string, text: string): Journal {
  const j: Journal = {
    file,
    digest: '',
    total: 0,
    landed: 0,
    pid: null,
    title: '',
    plan: null,
    rollback: { title: '', operations: [] },
    undoSteps: [],
    persistTotal: 0,
    persistLanded: 0,
    persistUndo: [],
    problems: []
  };
  if (text.length > MAX_JOURNAL_BYTES) {
    j.problems.push(`the journal is larger than ${MAX_JOURNAL_BYTES} bytes`);
    text = '';
  }
  const lines = text.split('\n');
  if (lines[0] !== 'apmatrix-journal 1') j.problems.push('not an apmatrix journal (first line)');
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const sp = line.indexOf(' ');
    const key = sp < 0 ? line : line.slice(0, sp);
    const value = sp < 0 ? '' : line.slice(sp + 1);
    try {
      if (key === 'digest' && /^[0-9a-f]{16}$/.test(value)) j.digest = value;
      else if (key === 'total' || key === 'landed' || key === 'pid') {
        if (!/^\d{1,9}$/.test(value)) throw new Error(`${key} is not a number`);
        if (key === 'pid') j.pid = Number(value);
        else j[key] = Number(value);
      } else if (key === 'ptotal' || key === 'planded') {
        if (!/^\d{1,4}$/.test(value) || Number(value) > MAX_PERSIST_CHANGES)
          throw new Error(`${key} is not a number up to ${MAX_PERSIST_CHANGES}`);
        if (key === 'ptotal') j.persistTotal = Number(value);
        else j.persistLanded = Number(value);
      } else if (key === 'pundo') {
        const m = /^(\d{1,4}) (.*)$/.exec(value);
        const n = m ? Number(m[1]) : 0;
        if (!m || n < 1 || n > MAX_PERSIST_CHANGES) throw new Error('not a change number and an entry');
        j.persistUndo[n - 1] = parsePersistUndo(m[2]);
      } else if (key === 'title') j.title = fromUtf8Hex(value);
      else if (key === 'plan') {
        const o = JSON.parse(value) as { operations?: unknown } | null;
        j.plan = { title: '', operations: journalOperations(JSON.stringify(o?.operations ?? null), '') };
      } else if (key === 'undo') {
        const m = /^(\d{1,9}) (.*)$/.exec(value);
        if (!m) throw new Error('not a step and a list');
        const step = Number(m[1]);
        if (step < 1) throw new Error('not a step and a list');
        if (j.undoSteps[step - 1]) throw new Error(`step ${step} is undone twice`);
        j.undoSteps[step - 1] = journalOperations(m[2], `step ${step}: `);
      } else j.problems.push(`unknown line ${JSON.stringify(line.slice(0, 40))}`);
    } catch (e) {
      j.problems.push(`${key}: ${(e as Error).message}`);
    }
  }
  if (j.plan) j.plan.title = j.title;
  if (j.persistLanded > j.persistTotal) j.problems.push('planded is more than ptotal');
  for (let i = 0; i < j.persistLanded; i++) if (!j.persistUndo[i]) j.problems.push(`pundo ${i + 1} is missing`);
  j.persistUndo = j.persistUndo.slice(0, j.persistLanded);
  if (!j.digest) j.problems.push('no digest line: the journal names no plan');
  if (j.landed > j.total) j.problems.push(`landed ${j.landed} is more than total ${j.total}`);
  if (j.undoSteps.length > j.landed) j.problems.push(`undo lines for steps past the ${j.landed} that landed`);
  for (let n = 1; n <= Math.min(j.landed, MAX_OPERATIONS); n++) if (!j.undoSteps[n - 1]) j.problems.push(`no undo line for step ${n}`);
  // the rollback is exactly the undo of the landed steps, newest first, and nothing else
  const undo: Operation[] = [];
  for (let n = Math.min(j.landed, j.undoSteps.length); n >= 1; n--) undo.push(...(j.undoSteps[n - 1] ?? []));
  const steps = j.landed === 1 ? 'step' : 'steps';
  j.rollback = { title: `roll back the first ${j.landed} ${steps} of "${j.title}"`, operations: undo };
  return j;
}

/** Splits the framed output of the journal reader (`\x01FILE` before each file's text). */
export function parseJournalDump(text: string): Journal[] {
  return text
    .split('\u0001')
    .slice(1)
    .map((part) => {
      const nl = part.indexOf('\n');
      return parseJournal(part.slice(0, nl), part.slice(nl + 1));
    });
}

/** Journals read at most: one apply holds the lock at a time, so more than a few is a host's own doing. */
export const MAX_JOURNALS = 16;

/**
 * A POSIX sh snippet printing the journals in DIR, framed for parseJournalDump;
 * each is cut one byte past MAX_JOURNAL_BYTES (parseJournal then refuses it), so
 * a host cannot make the reader hold gigabytes.
 */
export function journalReadScript(dirWord: string): string {
  return `ap_k=0; for ap_j in ${dirWord}/journal-*; do [ -f "$ap_j" ] || continue; ap_k=$((ap_k + 1)); [ "$ap_k" -le ${MAX_JOURNALS} ] || break; printf '\\001%s\\n' "$ap_j"; head -c ${MAX_JOURNAL_BYTES + 1} "$ap_j" 2>/dev/null; done; exit 0\n`;
}

/** One sentence about a journal, for apply, audit and the app. */
export function describeJournal(j: Journal, isThisPlan: boolean): string {
  // the title is whatever the host's journal says: cut, so a message stays a sentence
  const title = j.title.length > 120 ? `${j.title.slice(0, 120)}…` : j.title;
  const which = isThisPlan ? 'this plan' : `the plan ${JSON.stringify(title)}`;
  const active = j.landed === 0 ? 'no step had landed' : `steps 1-${j.landed} of ${j.total} had landed`;
  const landed = j.persistTotal === 0 ? active : `${active}, persistent changes: ${j.persistLanded} of ${j.persistTotal}`;
  return `an apply of ${which} was interrupted (journal ${j.file}): ${landed}`;
}
