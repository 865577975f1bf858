/**
 * The fixed part of every exported plan script: its options, the s390 AP
 * configuration lock, checked writes, comparisons and the status protocol.
 * POSIX sh: it runs under dash and bash (tested with both). LC_ALL=C so the
 * error texts are glibc's English strerror texts the engine parses.
 * Kept as strings so the script is self-contained; generated parts only call
 * these functions with validated words.
 *
 * The switches are the script's own options (issue 8 item 7): nothing but
 * SYSFS_ROOT (the default of --sysfs-root) is read from the environment, so a
 * caller's exported FORCE=1 or AP_LOCK changes nothing. This is the script's
 * one option parser: the persistent part (persistScript.ts) reads PERSIST
 * (empty when --persist was not given: it picks the default) and ETC_ROOT, the
 * host's /etc directory itself (AP_ETC_GIVEN=1 when --etc-root was given).
 */

export const USAGE =
  'usage: sh SCRIPT [--dry-run] [--machine] [--force] [--lock PATH] [--lock-retries N] [--sysfs-root DIR] [--etc-root DIR] [--journal-dir DIR] [--persist active|persistent|both]';

/** Options, messages and the lock. The generator sets MACHINE, AP_TOTAL and AP_DIGEST before it. */
export const SHELL_RUNTIME_OPTIONS = `set -u
LC_ALL=C
LANG=C
export LC_ALL LANG
SYSFS_ROOT="\${SYSFS_ROOT:-/sys}"
AP_LOCK=/run/lock/s390apconfig.lock
AP_LOCK_RETRIES=3000
ETC_ROOT=/etc
AP_ETC_GIVEN=0
AP_JOURNAL_DIR=''
FORCE=0
DRY_RUN=0
PERSIST=''
ap_usage() {
  printf 'apmatrix: %s\\n' "$1" >&2
  printf '%s\\n' '${USAGE}' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  ap_opt=$1
  ap_val=''
  ap_has=0
  case "$ap_opt" in --*=*) ap_val=\${ap_opt#*=}; ap_opt=\${ap_opt%%=*}; ap_has=1 ;; esac
  case "$ap_opt" in
    --dry-run|--machine|--force)
      if [ "$ap_has" = 1 ]; then ap_usage "$ap_opt takes no value"; fi ;;
    --lock|--lock-retries|--sysfs-root|--etc-root|--journal-dir|--persist)
      if [ "$ap_has" = 0 ]; then
        if [ $# -lt 2 ]; then ap_usage "$ap_opt needs a value"; fi
        shift
        ap_val=$1
      fi
      if [ -z "$ap_val" ]; then ap_usage "$ap_opt needs a value"; fi ;;
    *) ap_usage "unknown option $ap_opt" ;;
  esac
  case "$ap_opt" in
    --dry-run) DRY_RUN=1 ;;
    --machine) MACHINE=1 ;;
    --force) FORCE=1 ;;
    --lock) AP_LOCK=$ap_val ;;
    --lock-retries)
      case "$ap_val" in *[!0-9]*) ap_usage "--lock-retries needs a whole number, not '$ap_val'" ;; esac
      AP_LOCK_RETRIES=$ap_val ;;
    --sysfs-root) SYSFS_ROOT=$ap_val ;;
    --etc-root)
      case "$ap_val" in /*) ;; *) ap_usage "--etc-root needs an absolute directory (the host's /etc), not '$ap_val'" ;; esac
      ETC_ROOT=\${ap_val%/}
      if [ -z "$ETC_ROOT" ]; then ETC_ROOT=/; fi
      AP_ETC_GIVEN=1 ;;
    --journal-dir) AP_JOURNAL_DIR=$ap_val ;;
    --persist)
      case "$ap_val" in active|persistent|both) PERSIST=$ap_val ;; *) ap_usage "--persist takes active, persistent or both, not '$ap_val'" ;; esac ;;
  esac
  shift
done
# the journal goes to the run directory beside the host's /etc (/etc: /run/apmatrix)
if [ -z "$AP_JOURNAL_DIR" ]; then
  if [ "$AP_ETC_GIVEN" = 1 ]; then AP_JOURNAL_DIR="\${ETC_ROOT%/*}/run/apmatrix"; else AP_JOURNAL_DIR=/run/apmatrix; fi
fi

# Machine mode: stdout carries only status lines; words for people go to stderr.
ap_status() { if [ "$MACHINE" = 1 ]; then printf '%s\\n' "$*"; fi; return 0; }
ap_say() { if [ "$MACHINE" = 1 ]; then printf '%s\\n' "$*" >&2; else printf '%s\\n' "$*"; fi; }
ap_complain() { printf 'apmatrix: %s\\n' "$*" >&2; }

# --- the s390 AP configuration lock (docs/host-tools.md §3.2, s390-tools util_lockfile):
# our PID in a temporary file, hard-linked to the lock path; a lock whose PID is
# gone (or that got no PID within 120 s) is stale and removed.
AP_LOCK_HELD=0
AP_LOCK_TMP=''
AP_DONE=0
# set here already: a signal may come before the journal part defines them
AP_JOURNAL=''
AP_JOURNAL_MINE=0
# the persistent changes this run made (persistScript.ts) and the active steps journalled
AP_PDONE=0
AP_PERSIST_TODO=0
AP_JLANDED=0
ap_journal_remove() { return 0; }
AP_LOCK_OWNER=''
AP_LOCK_WHY=''
AP_ENDED=0
ap_cleanup() {
  # a signal now must not cut the release short (children inherit the ignore)
  trap '' HUP INT TERM
  if [ -n "$AP_LOCK_TMP" ]; then rm -f "$AP_LOCK_TMP"; AP_LOCK_TMP=''; fi
  if [ "$AP_LOCK_HELD" = 1 ]; then
    AP_LOCK_HELD=0
    ap_owner=''
    { read -r ap_owner < "$AP_LOCK"; } 2>/dev/null
    if [ "$ap_owner" = "$$" ]; then rm -f "$AP_LOCK"; fi
  fi
}
ap_signal() {
  trap '' HUP INT TERM
  if [ "$AP_PDONE" -gt 0 ]; then
    ap_complain "interrupted by SIG$1; persistent changes 1-$AP_PDONE were written and are left in place (the active steps before them too); the journal $AP_JOURNAL says so to the next apply"
  elif [ "$AP_DONE" -gt 0 ]; then
    ap_complain "interrupted by SIG$1; steps 1-$AP_DONE of $AP_TOTAL were applied and are left in place; the journal $AP_JOURNAL says so to the next apply"
  else
    ap_complain "interrupted by SIG$1 before any write"
    ap_journal_remove
  fi
  ap_status "ABORT SIG$1"
  exit "$2"
}
trap 'ap_cleanup' EXIT
trap 'ap_signal HUP 129' HUP
trap 'ap_signal INT 130' INT
trap 'ap_signal TERM 143' TERM

ap_pid_alive() { kill -0 "$1" 2>/dev/null || [ -d "/proc/$1" ]; }
ap_pid_name() {
  ap_c=$(cat "/proc/$1/comm" 2>/dev/null) || ap_c=''
  if [ -n "$ap_c" ]; then printf 'process %s (%s)' "$1" "$ap_c"; else printf 'process %s' "$1"; fi
}
ap_lock() {
  ap_t=$(date +%s 2>/dev/null) || ap_t=0
  case "$ap_t" in ''|*[!0-9]*) ap_t=0 ;; esac
  ap_tmp="$AP_LOCK$(printf '%05d%02x' "$$" "$((ap_t % 256))")"
  # recorded before they exist, so a signal at any moment leaves nothing behind;
  # cleanup removes the lock only when it holds our PID
  AP_LOCK_TMP=$ap_tmp
  if ! (set -C; printf '%d\\n' "$$" > "$ap_tmp") 2>/dev/null; then
    AP_LOCK_TMP=''
    AP_LOCK_WHY="cannot create the temporary lock file $ap_tmp"
    return 1
  fi
  ap_try=0
  ap_told=''
  while :; do
    AP_LOCK_HELD=1
    if ln "$AP_LOCK_TMP" "$AP_LOCK" 2>/dev/null; then
      rm -f "$AP_LOCK_TMP"
      AP_LOCK_TMP=''
      return 0
    fi
    AP_LOCK_HELD=0
    AP_LOCK_OWNER=$(cat "$AP_LOCK" 2>/dev/null) || AP_LOCK_OWNER=''
    case "$AP_LOCK_OWNER" in
      ''|*[!0-9]*|0)
        if [ -n "$(find "$AP_LOCK" -prune -mmin +2 2>/dev/null)" ]; then rm -f "$AP_LOCK"; continue; fi ;;
      *)
        if ! ap_pid_alive "$AP_LOCK_OWNER"; then rm -f "$AP_LOCK"; continue; fi
        # said once per holder, so a person knows what the script waits for
        if [ "$ap_told" != "$AP_LOCK_OWNER" ]; then
          ap_told=$AP_LOCK_OWNER
          ap_status "LOCK WAIT $AP_LOCK_OWNER"
          ap_complain "waiting for the s390 AP configuration lock $AP_LOCK, held by $(ap_pid_name "$AP_LOCK_OWNER")"
        fi ;;
    esac
    ap_try=$((ap_try + 1))
    if [ "$ap_try" -gt "$AP_LOCK_RETRIES" ]; then
      AP_LOCK_WHY="held by $(ap_pid_name "\${AP_LOCK_OWNER:-unknown}") after $AP_LOCK_RETRIES retries (another apply or s390 tool holds it)"
      return 1
    fi
    sleep 0.03 2>/dev/null || sleep 1
  done
}
`;

/** Comparisons (preflight, "already applied", final check) and the checked write. */
export const SHELL_RUNTIME_CHECKS = `
# --- reading and comparing; AP_QUIET=1 only collects the differences
AP_DIFF=''
AP_QUIET=0
ap_differs() {
  AP_DIFF="$AP_DIFF $1"
  if [ "$AP_QUIET" = 0 ]; then ap_complain "$AP_PHASE: $SYSFS_ROOT/$1 $2"; fi
}
ap_expect() {
  ap_now=$(cat "$SYSFS_ROOT/$1" 2>/dev/null) || ap_now='(unreadable)'
  if [ "$ap_now" = "$2" ]; then return 0; fi
  case "$2$ap_now" in
    *'
'*) ap_differs "$1" "is not what $AP_WANT" ;;
    *) ap_differs "$1" "is '$ap_now', $AP_WANT '$2'" ;;
  esac
}
ap_expect_sum() {
  ap_now=$(cksum < "$SYSFS_ROOT/$1" 2>/dev/null) || ap_now='(unreadable)'
  if [ "$ap_now" = "$2" ]; then return 0; fi
  ap_differs "$1" "has checksum '$ap_now', $AP_WANT '$2'"
}
ap_expect_absent() {
  if [ ! -e "$SYSFS_ROOT/$1" ]; then return 0; fi
  ap_differs "$1" "exists, $AP_WANT none"
}
# a mask compared in the bits the plan depends on only: $2 is a case pattern
ap_expect_bits() {
  ap_now=$(cat "$SYSFS_ROOT/$1" 2>/dev/null) || ap_now='(unreadable)'
  case "$ap_now" in $2) return 0 ;; esac
  ap_differs "$1" "differs in the bits of $4 the plan depends on: it is '$ap_now', $AP_WANT '$3'"
}
# which mdevs hold the queues the plan depends on (ap_concerned is generated)
ap_expect_holders() {
  ap_now=''
  for ap_d in "$SYSFS_ROOT"/devices/vfio_ap/matrix/????????-????-????-????-????????????; do
    [ -r "$ap_d/matrix" ] || continue
    while IFS= read -r ap_q; do
      if ap_concerned "$ap_q"; then ap_now="$ap_now \${ap_d##*/}:$ap_q"; fi
    done < "$ap_d/matrix"
  done
  ap_now=\${ap_now# }
  if [ "$ap_now" = "$1" ]; then return 0; fi
  ap_differs "devices/vfio_ap/matrix" "assigns the queues the plan depends on as '$ap_now', $AP_WANT '$1'"
}
# a feature of the kernel era the plan needs (docs/kernel-model.md §10)
ap_has_ap_config() {
  ap_f=$(cat "$SYSFS_ROOT/devices/vfio_ap/matrix/features" 2>/dev/null) || ap_f=''
  case " $(printf '%s' "$ap_f" | tr '\\n' ' ') " in *' ap_config '*) return 0 ;; esac
  for ap_d in "$SYSFS_ROOT"/devices/vfio_ap/matrix/????????-????-????-????-????????????; do
    if [ -e "$ap_d/ap_config" ]; then return 0; fi
  done
  return 1
}
# the dynamic era (6.0 and later, docs/kernel-model.md §10): mdevs have guest_matrix;
# a host without any mdev cannot tell, and passes (the kernel refuses what it must)
ap_need_dynamic_era() {
  ap_any=0
  for ap_d in "$SYSFS_ROOT"/devices/vfio_ap/matrix/????????-????-????-????-????????????; do
    [ -d "$ap_d" ] || continue
    ap_any=1
    if [ -e "$ap_d/guest_matrix" ]; then return 0; fi
  done
  if [ -e "$SYSFS_ROOT/devices/vfio_ap/matrix/features" ] || [ "$ap_any" = 0 ]; then return 0; fi
  AP_DIFF="$AP_DIFF feature:dynamic-era"
  ap_complain "$AP_PHASE: the plan was made on a kernel of 6.0 or later (mdevs with guest_matrix), and this host's kernel is older: its assignments follow other rules"
}
ap_need_ap_config() {
  if ap_has_ap_config; then return 0; fi
  AP_DIFF="$AP_DIFF feature:ap_config"
  ap_complain "$AP_PHASE: this kernel has no ap_config file (it came with Linux 6.10), and step $1 writes it"
}

# --- writing
AP_ERR=''
ap_write() {
  # A redirect to a missing attribute would ask kernfs to create it (EACCES);
  # what is wrong is that it does not exist: ENOENT, as an open would say (§8).
  if [ ! -e "$SYSFS_ROOT/$1" ]; then AP_ERR='No such file or directory'; return 1; fi
  # one write is one store only below one page (4,096 bytes with the newline, kernfs)
  if [ "\${#2}" -ge 4095 ]; then AP_ERR='Argument list too long'; return 1; fi
  AP_ERR=$( (env printf '%s\\n' "$2" > "$SYSFS_ROOT/$1") 2>&1 ) && return 0
  AP_ERR=$(printf '%s' "$AP_ERR" | tr '\\n' ' ')
  AP_ERR=\${AP_ERR%" "}
  AP_ERR=\${AP_ERR##*: }
  case "$AP_ERR" in
    'Directory nonexistent'|nonexistent) AP_ERR='No such file or directory' ;;
    '') AP_ERR='Input/output error' ;;
  esac
  return 1
}
ap_dry() {
  if [ "$MACHINE" = 1 ]; then printf 'DRY %s %s %s\\n' "$1" "$2" "$3"
  else printf "printf '%%s\\\\\\\\n' '%s' > %s/%s    # step %s: %s\\n" "$3" "$SYSFS_ROOT" "$2" "$1" "$4"; fi
}
ap_step() {
  if ap_write "$2" "$3"; then
    AP_DONE=$1
    AP_JLANDED=$((AP_JOURNAL_OFFSET + $1))
    ap_journal_write "$AP_JLANDED"
    ap_status "STEP $1 OK"
    ap_say "step $1/$AP_TOTAL ok: $4"
    return 0
  fi
  ap_status "STEP $1 FAIL $AP_ERR"
  ap_complain "step $1 of $AP_TOTAL failed: $4"
  ap_complain "  wrote '$3' to $SYSFS_ROOT/$2"
  ap_complain "  the kernel answered: $AP_ERR"
  if [ "$1" -gt 1 ]; then
    ap_complain "  steps 1-$AP_DONE were applied and are left in place; steps $1-$AP_TOTAL were not applied"
  else
    ap_complain "  nothing was changed"
  fi
  # the script ended and said what landed: the journal is for interruptions only
  ap_journal_remove
  exit 1
}
ap_preflight_end() {
  AP_DIFF=\${AP_DIFF# }
  if [ -z "$AP_DIFF" ]; then ap_status "PREFLIGHT OK"; ap_say "preflight ok: what the plan depends on is as it was read"; return 0; fi
  case " $AP_DIFF " in
    *' feature:'*)
      # a missing kernel feature cannot be forced
      ap_status "PREFLIGHT FAIL $AP_DIFF"
      ap_complain "this host's kernel lacks what the plan needs; nothing was written"
      exit 3 ;;
  esac
  if [ "$FORCE" = 1 ]; then
    ap_status "PREFLIGHT OK FORCED $AP_DIFF"
    ap_complain "--force: applying although the host changed since it was read"
    return 0
  fi
  ap_status "PREFLIGHT FAIL $AP_DIFF"
  ap_complain "the host changed since it was read; nothing was written (run with --force to apply anyway)"
  exit 3
}
ap_verify_end() {
  AP_DIFF=\${AP_DIFF# }
  # the journal stays while the persistent part is still to write
  if [ -z "$AP_DIFF" ]; then
    if [ "$AP_PERSIST_TODO" != 1 ]; then ap_journal_done ok; fi
    ap_status "VERIFY OK"; ap_say "final check ok: the host shows the expected result"; return 0; fi
  ap_journal_done differs
  ap_status "VERIFY FAIL $AP_DIFF"
  ap_complain "every step succeeded but the host does not show the expected result"
  exit 5
}
`;
