/**
 * The journal part of the plan script's fixed runtime (the format is in
 * shellJournal.ts): scan for interrupted applies before writing, write the
 * journal before the first write and after every step, remove it at the end.
 * The generator sets AP_DIGEST, AP_JOURNAL_TOTAL, AP_JOURNAL_OFFSET,
 * AP_RESUMES, AP_CLEARS and the `ap_journal_body` function.
 */

/** The journal (shellJournal.ts): scan before writing, write per step, remove at the end. */
export const SHELL_RUNTIME_JOURNAL = `
# --- the apply journal: $AP_JOURNAL_DIR/journal-<plan digest>
AP_JOURNAL="$AP_JOURNAL_DIR/journal-$AP_DIGEST"
ap_journal_field() { sed -n "s/^$2 //p" "$1" 2>/dev/null | head -n 1; }
ap_journal_write() {
  ap_jt="$AP_JOURNAL.new$$"
  if mkdir -p "$AP_JOURNAL_DIR" 2>/dev/null && {
    printf 'apmatrix-journal 1\\ndigest %s\\ntotal %s\\nlanded %s\\npid %s\\n' "$AP_DIGEST" "$AP_JOURNAL_TOTAL" "$1" "$$"
    ap_journal_body "$1"
  } > "$ap_jt" 2>/dev/null && mv -f "$ap_jt" "$AP_JOURNAL" 2>/dev/null; then
    AP_JOURNAL_MINE=1
    return 0
  fi
  rm -f "$ap_jt" 2>/dev/null
  return 1
}
# the script ended early and said what landed (a refused step, a signal before
# the first write); a continuation keeps the journal of the steps before it
ap_journal_remove() {
  if [ "$AP_JOURNAL_MINE" = 1 ] && [ "$AP_RESUMES" = 0 ]; then rm -f "$AP_JOURNAL"; AP_JOURNAL_MINE=0; fi
  return 0
}
# every step landed: the journal of this plan has done its job; a rollback
# script also clears the journal of the apply it undid ($1 = ok)
ap_journal_done() {
  rm -f "$AP_JOURNAL"
  AP_JOURNAL_MINE=0
  if [ "$1" = ok ] && [ -n "$AP_CLEARS" ]; then rm -f "$AP_JOURNAL_DIR/journal-$AP_CLEARS"; fi
  return 0
}
# before anything is written: an interrupted apply journalled here comes first
ap_journal_scan() {
  for ap_j in "$AP_JOURNAL_DIR"/journal-*; do
    [ -f "$ap_j" ] || continue
    ap_jd=\${ap_j##*/journal-}
    case "$ap_jd" in *.new*) continue ;; esac
    if [ "$ap_jd" = "$AP_CLEARS" ]; then continue; fi
    if [ "$ap_jd" = "$AP_DIGEST" ] && [ "$AP_RESUMES" = 1 ]; then continue; fi
    ap_jl=$(ap_journal_field "$ap_j" landed)
    ap_jn=$(ap_journal_field "$ap_j" total)
    ap_jp=$(ap_journal_field "$ap_j" ptotal)
    case "$ap_jp" in ''|0|*[!0-9]*) ap_jp='' ;; *) ap_jp=", persistent changes $(ap_journal_field "$ap_j" planded | tr -cd 0-9) of $ap_jp" ;; esac
    if [ "$ap_jd" = "$AP_DIGEST" ]; then
      ap_status "JOURNAL OWN \${ap_jl:-?} \${ap_jn:-?} $ap_j"
      ap_complain "an apply of this plan was interrupted: steps 1-\${ap_jl:-?} of \${ap_jn:-?} landed$ap_jp (journal $ap_j)"
      ap_complain "finish it with 'apmatrix apply PLAN --resume' or undo those steps with 'apmatrix apply PLAN --rollback' (the journal's undo lines are the rollback plan); nothing was written"
    else
      ap_status "JOURNAL OTHER $ap_jd \${ap_jl:-?} \${ap_jn:-?} $ap_j"
      ap_complain "an apply of another plan (digest $ap_jd) was interrupted: steps 1-\${ap_jl:-?} of \${ap_jn:-?} landed$ap_jp (journal $ap_j)"
      ap_complain "finish or roll back that plan first (apmatrix apply THAT_PLAN --resume or --rollback); nothing was written"
    fi
    exit 6
  done
  return 0
}
`;
