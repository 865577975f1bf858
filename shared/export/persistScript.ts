/**
 * The persistent part of the plan script (`--persist active|persistent|both`,
 * `--etc-root DIR`), kept apart from shellScript.ts so the active part and its
 * options can change without touching this. It:
 * - reads PERSIST and ETC_ROOT from the script's one option parser (shellRuntime.ts);
 * - defaults to `both` when the etc root is writable, else `active`, and says
 *   which before anything is written (`PERSIST MODE <mode> <etc root>`); with
 *   a sysfs root other than /sys and no --etc-root it stays `active` (and
 *   refuses an explicit persistent mode): never this machine's /etc for another host;
 * - on a real /etc uses the tools when present (`chzdev -t ap -p`,
 *   `mdevctl define|modify|undefine`), otherwise writes the same files in the
 *   same formats (temp file + rename) and says which (`PSTEP n OK chzdev|mdevctl|files`);
 * - journals in the script itself: each change has an undo made from the files
 *   as they were read, and a failed change undoes the earlier ones, newest first
 *   (`PERSIST ROLLBACK OK|FAIL`). Active steps already written stay, as always.
 * - journals on the host (shellJournal.ts, persistJournal.ts): before the first
 *   change and after each one, what the landed changes replaced, so an
 *   interrupted run (kill -9, a lost connection) can be rolled back or finished.
 */
import type { HostState } from '../host/hostState';
import { persistentChanges, type PersistChange } from './persistPlan';
import type { MaskPicture } from './picture';
import { commentText, shWord } from './sanitize';

/**
 * One single-quoted sh word. The undo data is the host's own definition as
 * read, so it may hold a single quote (a hostile or hand-edited attr): closed,
 * escaped and reopened (`'\''`), never refused (a refusal would let any host
 * block every plan that touches its definition) and never able to end the word.
 */
function sq(text: string): string {
  if (text.includes('\0')) throw new Error('persistent file text with a NUL byte');
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const RUNTIME = String.raw`# --- persistent configuration (udev rule, mdevctl definitions)
# A sysfs root other than /sys is another host (a copy, a simulator): its
# persistent files are never this machine's /etc, so they need --etc-root.
AP_PEXPLICIT=0
if [ -n "$PERSIST" ]; then AP_PEXPLICIT=1; fi
if [ "${'$'}{SYSFS_ROOT%/}" != /sys ] && [ "$AP_ETC_GIVEN" = 0 ]; then
  if [ "$PERSIST" = persistent ] || [ "$PERSIST" = both ]; then
    ap_usage "--persist $PERSIST with the sysfs root $SYSFS_ROOT needs --etc-root DIR (that host's /etc); nothing was written"
  fi
  PERSIST=active
elif [ -z "$PERSIST" ]; then
  if [ -w "$ETC_ROOT" ]; then PERSIST=both; else PERSIST=active; fi
fi
AP_PVIA=files
AP_PDONE=0
ap_use_tool() { [ "$ETC_ROOT" = /etc ] && command -v "$1" >/dev/null 2>&1; }
ap_put() { mkdir -p "${'$'}{1%/*}" && printf '%s' "$2" > "$1.apmatrix-new" && mv -f "$1.apmatrix-new" "$1"; }
ap_prule() {
  ap_t=$1; shift
  if ap_use_tool chzdev; then AP_PVIA=chzdev; AP_ERR=$(chzdev -t ap -p "$@" 2>&1 >/dev/null); return; fi
  AP_PVIA=files
  if [ -z "$ap_t" ]; then AP_ERR=$(rm -f "$ETC_ROOT/udev/rules.d/41-ap.rules" 2>&1); return; fi
  AP_ERR=$(ap_put "$ETC_ROOT/udev/rules.d/41-ap.rules" "$ap_t" 2>&1)
}
ap_pdef() {
  if ap_use_tool mdevctl; then
    AP_PVIA=mdevctl
    if [ "$1" = undefine ]; then AP_ERR=$(mdevctl undefine -u "$2" 2>&1 >/dev/null); return; fi
    ap_j=$(mktemp) || { AP_ERR='cannot make a temporary file'; return 1; }
    printf '%s' "$3" > "$ap_j"
    if [ "$1" = define ]; then AP_ERR=$(mdevctl define -u "$2" -p matrix --jsonfile "$ap_j" 2>&1 >/dev/null)
    else
      # modify --jsonfile is mdevctl >= 1.3; older ones: undefine, define again, the old one back on a failure
      AP_ERR=$(mdevctl modify -u "$2" --jsonfile "$ap_j" 2>&1 >/dev/null) || {
        AP_ERR=$(mdevctl undefine -u "$2" 2>&1 >/dev/null) && AP_ERR=$(mdevctl define -u "$2" -p matrix --jsonfile "$ap_j" 2>&1 >/dev/null) || {
          ap_rc=$?; printf '%s' "$4" > "$ap_j"; mdevctl define -u "$2" -p matrix --jsonfile "$ap_j" >/dev/null 2>&1; rm -f "$ap_j"; return "$ap_rc"
        }
      }
    fi
    ap_rc=$?; rm -f "$ap_j"; return "$ap_rc"
  fi
  AP_PVIA=files
  if [ "$1" = undefine ]; then AP_ERR=$(rm -f "$ETC_ROOT/mdevctl.d/matrix/$2" 2>&1); return; fi
  AP_ERR=$(ap_put "$ETC_ROOT/mdevctl.d/matrix/$2" "$3" 2>&1)
}
ap_pundo_all() {
  ap_i=$AP_PDONE; ap_ok=1
  while [ "$ap_i" -gt 0 ]; do "ap_pundo_$ap_i" || ap_ok=0; ap_i=$((ap_i - 1)); done
  if [ "$ap_ok" = 1 ]; then ap_status "PERSIST ROLLBACK OK"; ap_complain "  persistent changes 1-$AP_PDONE were undone"
  else ap_status "PERSIST ROLLBACK FAIL"; ap_complain "  undoing persistent changes 1-$AP_PDONE failed: check $ETC_ROOT by hand"; fi
}
ap_pstep() {
  ap_pn=$1; ap_pd=$2; shift 2
  if "$@"; then
    AP_PDONE=$ap_pn
    ap_journal_write "$AP_JLANDED" || ap_complain "could not update the apply journal $AP_JOURNAL"
    ap_status "PSTEP $ap_pn OK $AP_PVIA"
    ap_say "persistent $ap_pn/$AP_PTOTAL ok ($AP_PVIA): $ap_pd"
    return 0
  fi
  AP_ERR=$(printf '%s' "$AP_ERR" | tr '\n' ' ')
  ap_status "PSTEP $ap_pn FAIL $AP_ERR"
  ap_complain "persistent change $ap_pn of $AP_PTOTAL failed ($AP_PVIA): $ap_pd: $AP_ERR"
  if [ "$AP_PDONE" -gt 0 ]; then ap_pundo_all; fi
  # the script ended and said what it undid: a continuation keeps the earlier run's part
  AP_PDONE=0
  if [ "$AP_RESUMES" = 1 ]; then ap_journal_write "$AP_JLANDED"; fi
  ap_journal_remove
  exit 1
}
# the journal holds the persistent part before its first change (active steps may have written it already)
ap_persist_journal_start() {
  ap_status "PERSIST TOTAL $AP_PTOTAL"
  if ap_journal_write "$AP_JLANDED"; then return 0; fi
  ap_status "JOURNAL FAIL $AP_JOURNAL"
  ap_complain "cannot write the apply journal $AP_JOURNAL; no persistent change was written"
  exit 1
}
if [ "$AP_PEXPLICIT" = 1 ] || [ "$PERSIST" != active ]; then
  ap_status "PERSIST MODE $PERSIST $ETC_ROOT"
  ap_say "persist: $PERSIST (persistent files below $ETC_ROOT)"
fi`;

function call(c: PersistChange, undo: boolean): string {
  if (c.kind === 'rule') {
    const s = undo ? c.from : c.to;
    return `ap_prule ${sq(s.text ?? '')} ${s.chzdev.map(shWord).join(' ')}`;
  }
  const u = shWord(c.uuid);
  if (!undo)
    return c.kind === 'undefine'
      ? `ap_pdef undefine ${u}`
      : c.kind === 'define'
        ? `ap_pdef define ${u} ${sq(c.json!)}`
        : `ap_pdef modify ${u} ${sq(c.json!)} ${sq(c.before!)}`;
  if (c.kind === 'define') return `ap_pdef undefine ${u}`;
  return c.kind === 'undefine' ? `ap_pdef define ${u} ${sq(c.before!)}` : `ap_pdef modify ${u} ${sq(c.before!)} ${sq(c.json!)}`;
}

export interface PersistScriptParts {
  changes: PersistChange[];
  header: string[];
  /**
   * The mode and etc root checks, then functions the script's flow calls:
   * `ap_persist_already` (every changed file already holds what the plan
   * writes), `ap_persist_dry` (lists the changes) and `ap_persist_write`.
   */
  runtime: string[];
}

/** Where a change lands below the host's /etc, and what that file holds after it (null = no file). */
function target(c: PersistChange): { file: string; text: string | null } {
  if (c.kind === 'rule') return { file: '"$ETC_ROOT/udev/rules.d/41-ap.rules"', text: c.to.text };
  return { file: `"$ETC_ROOT/mdevctl.d/matrix/"${shWord(c.uuid)}`, text: c.kind === 'undefine' ? null : c.json };
}

/**
 * Compares the files themselves, so a second run with --persist persistent|both
 * after the first one wrote them is "already applied" (trailing newlines do
 * not count: chzdev and mdevctl may end their files differently).
 */
const COMPARE = String.raw`ap_pfile_is() { [ -f "$1" ] && [ "$(cat "$1" 2>/dev/null)" = "$(printf '%s' "$2")" ]; }
ap_pfile_absent() { [ ! -e "$1" ]; }`;

/**
 * @param restore when given, the changes to make instead of the plan's: a
 *   rollback putting back what an interrupted apply replaced (persistJournal.ts)
 */
export function persistScriptParts(host: HostState, after: MaskPicture, touched: string[], restore?: PersistChange[]): PersistScriptParts {
  const changes = restore ?? persistentChanges(host, after, touched);
  const desc = (c: PersistChange) => shWord(commentText(c.describe).replace(/[^A-Za-z0-9_./,+:=-]/g, '_'));
  const header = [
    '#',
    changes.length
      ? `# Persistent changes (--persist persistent|both), ${changes.length}:`
      : '# Persistent changes: none (the persistent configuration already matches).',
    ...changes.map((c, i) => `#   P${i + 1}. ${commentText(c.describe)}`),
    '# With --etc-root other than /etc the files are written directly, not through chzdev or mdevctl.'
  ];
  const already = changes.map((c) => {
    const t = target(c);
    return t.text === null ? `  ap_pfile_absent ${t.file} || return 1` : `  ap_pfile_is ${t.file} ${sq(t.text)} || return 1`;
  });
  // a rollback with persistent changes to put back cannot leave them: the journal would go without them
  const mustPersist = restore?.length
    ? [
        'if [ "$PERSIST" = active ]; then',
        `  ap_usage "this rollback puts back ${restore.length} persistent change(s) of the interrupted apply: it needs --persist both and a writable --etc-root; nothing was written"`,
        'fi'
      ]
    : [];
  const runtime = [
    RUNTIME,
    ...mustPersist,
    COMPARE,
    `AP_PTOTAL=${changes.length}`,
    ...changes.map((c, i) => `ap_pundo_${i + 1}() { ${call(c, true)}; }`),
    'ap_persist_already() {',
    ...already,
    '  return 0',
    '}',
    'ap_persist_dry() {',
    '  :',
    ...changes.map((c, i) => `  ap_say ${sq(`persistent ${i + 1}: ${commentText(c.describe)}`)}`),
    '}',
    'ap_persist_write() {',
    '  ap_persist_journal_start',
    ...changes.map((c, i) => `  ap_pstep ${i + 1} ${desc(c)} ${call(c, false)}`),
    '  ap_status "PERSIST OK"',
    '  ap_say "persistent configuration written: $AP_PTOTAL change(s)"',
    '}'
  ];
  return { changes, header, runtime };
}
