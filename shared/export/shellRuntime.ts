/**
 * The fixed part of every exported plan script: argument parsing, the s390 AP
 * configuration lock, checked writes, comparisons and the status protocol.
 * POSIX sh: it runs under dash and bash (tested with both). LC_ALL=C so the
 * error texts are glibc's English strerror texts the engine parses.
 * Kept as one string so the script is self-contained; generated parts only
 * call these functions with validated words.
 */
export const SHELL_RUNTIME = `set -u
LC_ALL=C
LANG=C
export LC_ALL LANG
SYSFS_ROOT="\${SYSFS_ROOT:-/sys}"
AP_LOCK="\${AP_LOCK:-/run/lock/s390apconfig.lock}"
AP_LOCK_RETRIES="\${AP_LOCK_RETRIES:-3000}"
FORCE="\${FORCE:-0}"
DRY_RUN=0
for ap_arg in "$@"; do
  case "$ap_arg" in
    --dry-run) DRY_RUN=1 ;;
    --machine) MACHINE=1 ;;
    *) echo "usage: sh SCRIPT [--dry-run] [--machine]" >&2; exit 2 ;;
  esac
done
case "$AP_LOCK_RETRIES" in ''|*[!0-9]*) AP_LOCK_RETRIES=3000 ;; esac

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
AP_LOCK_OWNER=''
AP_LOCK_WHY=''
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
  if [ "$AP_DONE" -gt 0 ]; then
    ap_complain "interrupted by SIG$1; steps 1-$AP_DONE of $AP_TOTAL were applied and are left in place"
  else
    ap_complain "interrupted by SIG$1 before any write"
  fi
  ap_status "ABORT SIG$1"
  exit "$2"
}
trap 'ap_cleanup' EXIT
trap 'ap_signal HUP 129' HUP
trap 'ap_signal INT 130' INT
trap 'ap_signal TERM 143' TERM

ap_pid_alive() { kill -0 "$1" 2>/dev/null || [ -d "/proc/$1" ]; }
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
        if ! ap_pid_alive "$AP_LOCK_OWNER"; then rm -f "$AP_LOCK"; continue; fi ;;
    esac
    ap_try=$((ap_try + 1))
    if [ "$ap_try" -gt "$AP_LOCK_RETRIES" ]; then
      AP_LOCK_WHY="held by PID \${AP_LOCK_OWNER:-unknown} after $AP_LOCK_RETRIES retries"
      return 1
    fi
    sleep 0.03 2>/dev/null || sleep 1
  done
}

# --- reading and comparing (preflight and final check)
AP_DIFF=''
ap_differs() {
  AP_DIFF="$AP_DIFF $1"
  ap_complain "$AP_PHASE: $SYSFS_ROOT/$1 $2"
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
ap_expect_mdevs() {
  ap_now=''
  for ap_d in "$SYSFS_ROOT"/devices/vfio_ap/matrix/????????-????-????-????-????????????; do
    if [ -d "$ap_d" ]; then ap_now="$ap_now \${ap_d##*/}"; fi
  done
  ap_now=\${ap_now# }
  if [ "$ap_now" = "$1" ]; then return 0; fi
  ap_differs "devices/vfio_ap/matrix" "holds the mdevs '$ap_now', $AP_WANT '$1'"
}

# --- writing
AP_ERR=''
ap_write() {
  # A redirect to a missing attribute would ask kernfs to create it (EACCES);
  # what is wrong is that it does not exist: ENOENT, as an open would say (§8).
  if [ ! -e "$SYSFS_ROOT/$1" ]; then AP_ERR='No such file or directory'; return 1; fi
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
  exit 1
}
ap_preflight_end() {
  AP_DIFF=\${AP_DIFF# }
  if [ -z "$AP_DIFF" ]; then ap_status "PREFLIGHT OK"; ap_say "preflight ok: the host is as it was read"; return 0; fi
  if [ "$FORCE" = 1 ]; then
    ap_status "PREFLIGHT OK FORCED $AP_DIFF"
    ap_complain "FORCE=1: applying although the host changed since it was read"
    return 0
  fi
  ap_status "PREFLIGHT FAIL $AP_DIFF"
  ap_complain "the host changed since it was read; nothing was written (run with FORCE=1 to apply anyway)"
  exit 3
}
ap_verify_end() {
  AP_DIFF=\${AP_DIFF# }
  if [ -z "$AP_DIFF" ]; then ap_status "VERIFY OK"; ap_say "final check ok: the host shows the expected result"; return 0; fi
  ap_status "VERIFY FAIL $AP_DIFF"
  ap_complain "every step succeeded but the host does not show the expected result"
  exit 5
}
`;
