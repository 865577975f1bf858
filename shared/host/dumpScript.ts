/**
 * The one shell command that reads a whole host in one round trip and prints it
 * in the dump format of dumpFormat.ts (read that header first).
 *
 * How it stays fast on 65,536 queues (through FUSE as well as on real sysfs):
 * - the shell only expands globs and runs builtins (`[`, `printf`, `case`); it
 *   never forks per file. It prints a small command stream to ONE awk process,
 *   which opens and reads every file itself with `getline < file` (block
 *   reads, no process per file) and writes the framed output;
 * - queue bindings come from the driver directories (`bus/ap/drivers/<drv>/`
 *   holds one link per bound device, §4), two directory listings instead of
 *   65,536 readlinks; a queue's `online` is read only when cex4queue has it and
 *   `status` only when vfio_ap has it (§3.2: the driver adds the file), so no
 *   time goes into opening files that cannot exist;
 * - existence is tested with the `[ -e ]` builtin for the few fixed files, so
 *   `missing` is exact; only regular files are read (a directory is EISDIR,
 *   a FIFO or device ENOTREG: opening a FIFO would block forever), and no read
 *   carries more than one page from /sys (SYSFS_FILE_CAP; more is EFBIG); awk reports a read failure as the errno name when it can
 *   tell (gawk's ERRNO) and as `unreadable` otherwise (mawk, busybox).
 *
 * Works with dash and bash as sh, and with gawk, mawk or busybox awk. Paths in
 * the output are logical (`/sys/...`, `/etc/...`), see dumpFormat.ts. Names go
 * through `printf '%s\n'`, never `echo` (dash's echo expands backslashes); a
 * file name containing a newline is the one thing the line protocol cannot carry.
 *
 * Environment: SYSFS_ROOT (default /sys), ETC_ROOT (default empty, i.e. `/`),
 * ETC_DIR (the host's /etc directory itself, default `$ETC_ROOT/etc`; what
 * `--etc-root DIR` sets). `/proc/cmdline` is read below ETC_ROOT, and only when
 * SYSFS_ROOT is /sys or ETC_ROOT is given (a copied sysfs tree was not booted
 * with this machine's command line).
 * Run it as `sh -c "$(dumpScript())"`, or pipe it to `sh -s`; dumpCommand()
 * gives the quoted `sh -c '...'` form (prefix `sudo -n ` when not root).
 */

/** Card attributes read per card (§3.1); the optional ones are reported as missing. */
export const CARD_FILES = [
  'hwtype',
  'raw_hwtype',
  'type',
  'ap_functions',
  'depth',
  'config',
  'chkstop',
  'online',
  'request_count',
  'serialnr'
] as const;

/** Queue attributes read for every queue (§3.2). `online` (cex4queue) and `status` (vfio_ap) follow. */
export const QUEUE_FILES = ['config', 'chkstop', 'request_count'] as const;

/** Bus attributes (§2). */
export const BUS_FILES = [
  'ap_adapter_mask',
  'ap_usage_domain_mask',
  'ap_control_domain_mask',
  'ap_max_adapter_id',
  'ap_max_domain_id',
  'ap_domain',
  'apmask',
  'aqmask',
  'features',
  'bindings'
] as const;

/** Files of each mdev directory (§6.1). */
export const MDEV_FILES = ['matrix', 'guest_matrix', 'control_domains', 'ap_config'] as const;

export const AP_DRIVERS = ['cex4card', 'cex4queue', 'vfio_ap'] as const;

/** Directories below ETC_ROOT, in dump order, with the file names taken from each. */
export const ETC_DIRS: ReadonlyArray<{ dir: string; files: 'xml' | 'all' }> = [
  { dir: 'etc/libvirt/qemu', files: 'xml' },
  { dir: 'run/libvirt/qemu', files: 'xml' },
  { dir: 'etc/mdevctl.d/matrix', files: 'all' }
];

/** A sysfs attribute is at most one page (its show() fills one page buffer); more means not sysfs. */
export const SYSFS_FILE_CAP = 4096;
/** libvirt XML and mdevctl JSON are small; a bigger file is refused, not carried. */
export const ETC_FILE_CAP = 1048576;

/**
 * Persistent configuration files read one by one (shared/persist): chzdev's
 * udev rule and the next boot's kernel command line (zipl.conf, kernel-install's
 * cmdline), below ETC_DIR; then /proc/cmdline (see above).
 */
export const PERSIST_ETC_FILES = ['udev/rules.d/41-ap.rules', 'zipl.conf', 'kernel/cmdline'] as const;

/** The awk half: turns the command stream into the framed dump. No single quotes inside. */
const AWK = String.raw`
BEGIN { S = ENVIRON["APD_S"]; E = ENVIRON["APD_E"]; ED = ENVIRON["APD_ED"]; SYSCAP = ${SYSFS_FILE_CAP}; ETCCAP = ${ETC_FILE_CAP}; nf = 0; nd = -1; dk = ""; print "#APDUMP 1" }
function lg(p) {
  if (index(p, S "/") == 1) return "/sys" substr(p, length(S) + 1)
  if (index(p, ED "/") == 1) return "/etc" substr(p, length(ED) + 1)
  if (E != "" && index(p, E "/") == 1) return substr(p, length(E) + 1)
  return p
}
function why(e) {
  if (e ~ /No such file/) return "missing"
  if (e ~ /[Pp]ermission denied/) return "EACCES"
  if (e ~ /[Ii]s a directory/) return "EISDIR"
  if (e ~ /[Nn]o such device/) return "ENODEV"
  if (e ~ /[Ii]nput.output/) return "EIO"
  if (e ~ /[Ii]nvalid argument/) return "EINVAL"
  return "unreadable"
}
function rd(p, name, cap,    line, r, n, len, k, w) {
  n = 0; len = 0
  while ((r = (getline line < p)) > 0) { n++; L[n] = line; len += length(line) + 1; if (len > cap) break }
  close(p)
  nf++
  if (len > cap) { print "@ error EFBIG " name; return }
  if (r < 0) {
    w = why(ERRNO)
    if (w == "missing") print "@ missing " name
    else print "@ error " w " " name
    return
  }
  print "@ ok " len " " name
  for (k = 1; k <= n; k++) print "|" L[k]
}
function flushdir(    k) {
  if (nd < 0) return
  print "@ dir " nd " " dn
  for (k = 1; k <= nd; k++) print "|" D[k]
  nf++; nd = -1; dk = ""
}
# The queues of one card, read by ONE head(1) instead of one awk open per file:
# awk asks isatty() of every file it opens, and on a FUSE mount each such ioctl
# is a round trip to the server (262,144 of them for 65,536 queues). head
# frames each file as "==> NAME <==" and ends each but the last with an extra
# newline; the closing "@END status" line makes every file a middle one. The
# framing is used only when it cannot deceive: head succeeded on every file
# (so each name has exactly one true header) and no name came twice; otherwise
# every file of the card is read again by rd(), which also says exactly why.
function card(a,    i, j, k, n, q, cmd, line, hp, cur, st, ends, bad, cl, len) {
  n = 0; cmd = "cd \"$APD_S\"/devices/ap/" substr(a, length(a) - 5) " && exec 2>/dev/null && head -c " (SYSCAP + 1) " --"
  for (i = 1; i <= nq; i++) {
    q = QP[i]; sub(/.*\//, "", q); QF[i] = n + 1
    FP[++n] = q "/config"; FN[n] = "config"; FP[++n] = q "/chkstop"; FN[n] = "chkstop"
    FP[++n] = q "/request_count"; FN[n] = "request_count"
    if (q in onl) { FP[++n] = q "/online"; FN[n] = "online" }
    if (q in vf) { FP[++n] = q "/status"; FN[n] = "status" }
  }
  QF[nq + 1] = n + 1
  if (n == 0) return
  for (k = 1; k <= n; k++) { IX[FP[k]] = k; NL[k] = -1; cmd = cmd " " FP[k] }
  cmd = cmd "; printf \"\\n==> @END %d <==\\n\" $?"
  cur = 0; ends = 0; bad = 0; st = 1
  while ((cmd | getline line) > 0) {
    if (line ~ /^==> .* <==$/) {
      hp = substr(line, 5, length(line) - 8)
      if (hp ~ /^@END [0-9]+$/) { ends++; st = substr(hp, 6) + 0; cur = 0; continue }
      if (hp in IX) { cur = IX[hp]; if (NL[cur] >= 0) bad = 1; NL[cur] = 0; continue }
    }
    if (ends) bad = 1
    else if (cur) { NL[cur]++; FL[cur, NL[cur]] = line }
  }
  close(cmd)
  if (st != 0 || ends != 1) bad = 1
  for (k = 1; k <= n; k++) if (NL[k] < 0) bad = 1
  for (i = 1; i <= nq; i++) {
    print "> " lg(QP[i])
    for (k = QF[i]; k < QF[i + 1]; k++) {
      if (bad) { rd(QP[i] "/" FN[k], FN[k], SYSCAP); continue }
      # the lines as getline reads the file: the last one is the empty line of the separator
      # when the file ended with a newline (an empty file leaves only that line)
      cl = NL[k]; if (FL[k, cl] == "") cl--
      len = 0; for (j = 1; j <= cl; j++) len += length(FL[k, j]) + 1
      nf++
      if (len > SYSCAP) { print "@ error EFBIG " FN[k]; continue }
      print "@ ok " len " " FN[k]
      for (j = 1; j <= cl; j++) print "|" FL[k, j]
    }
  }
  for (k = 1; k <= n; k++) delete IX[FP[k]]
}
function at(a) { return substr(a, 1, 1) == "/" ? a : cur "/" a }
function nm(a) { return substr(a, 1, 1) == "/" ? lg(a) : a }
{ c = substr($0, 1, 1); a = substr($0, 3) }
c == "E" { nd++; D[nd] = a; if (dk == "c") onl[a] = 1; else if (dk == "v") vf[a] = 1; next }
{ flushdir() }
c == "P" { cur = a; print "> " lg(a); next }
c == "F" { fflush(); p = at(a); rd(p, nm(a), index(p, S "/") == 1 ? SYSCAP : ETCCAP); next }
c == "M" { print "@ missing " nm(a); nf++; next }
c == "X" { i = index(a, " "); print "@ error " substr(a, 1, i - 1) " " nm(substr(a, i + 1)); nf++; next }
c == "D" {
  dn = lg(a); nd = 0
  if (a == S "/bus/ap/drivers/cex4queue") dk = "c"
  else if (a == S "/bus/ap/drivers/vfio_ap") dk = "v"
  next
}
c == "Q" { nq++; QP[nq] = a; next }
c == "G" { fflush(); card(a); nq = 0; next }
c == "Z" { print "#END " nf }
`;

/** The shell half. Kept in step with dumpSysfs.ts (same paths, same order). */
const SH = String.raw`LC_ALL=C; export LC_ALL
S=${'$'}{SYSFS_ROOT:-/sys}; E=${'$'}{ETC_ROOT:-}
case $S in /*) ;; *) S=$PWD/$S;; esac
case $E in ''|/*) ;; *) E=$PWD/$E;; esac
S=${'$'}{S%/}; E=${'$'}{E%/}
ED=${'$'}{ETC_DIR:-$E/etc}
case $ED in /*) ;; *) ED=$PWD/$ED;; esac
ED=${'$'}{ED%/}
APD_S=$S; APD_E=$E; APD_ED=$ED; export APD_S APD_E APD_ED
# APD_DEADLINE (seconds): awk, the one process that opens files, is ended when
# a read blocks (a FIFO or a hung device where an attribute should be); the
# producer loop then dies on its closed pipe. coreutils/busybox \`timeout\`
# kills its own process group, so nothing stays behind on the host.
apd_deadline=
case ${'$'}{APD_DEADLINE:-} in ''|*[!0-9]*) ;; *) command -v timeout >/dev/null 2>&1 && apd_deadline="timeout $APD_DEADLINE" ;; esac
# the few fixed files (bus, matrix, /etc) are size-checked by head before awk reads
# them: mawk takes ~20 s over a 50 MB line, head -c stops after the cap
B() { case $1 in "$S"/*) c=${SYSFS_FILE_CAP};; *) c=${ETC_FILE_CAP};; esac; [ "$(head -c $((c + 1)) "$1" 2>/dev/null | wc -c)" -gt "$c" ]; }
F() { for p in "$@"; do if [ -e "$p" ]; then if [ -d "$p" ]; then printf '%s\n' "X EISDIR $p"; elif [ ! -f "$p" ]; then printf '%s\n' "X ENOTREG $p"; elif [ ! -r "$p" ]; then printf '%s\n' "X EACCES $p"; elif B "$p"; then printf '%s\n' "X EFBIG $p"; else printf '%s\n' "F $p"; fi; else printf '%s\n' "M $p"; fi; done; }
R() { d=$1; shift; printf '%s\n' "P $d"; for n in "$@"; do if [ -d "$d/$n" ]; then printf '%s\n' "X EISDIR $n"; elif [ -f "$d/$n" ]; then printf '%s\n' "F $n"; elif [ -e "$d/$n" ]; then printf '%s\n' "X ENOTREG $n"; else printf '%s\n' "M $n"; fi; done; }
L() {
  if [ -d "$1" ]; then
    if [ -r "$1" ] && [ -x "$1" ]; then
      printf '%s\n' "D $1"
      for e in "$1"/*; do
        case $e in "$1/*") [ -e "$e" ] || [ -h "$e" ] || continue;; esac
        printf '%s\n' "E ${'$'}{e##*/}"
      done
    else printf '%s\n' "X EACCES $1"; fi
  elif [ -e "$1" ]; then printf '%s\n' "X ENOTDIR $1"; else printf '%s\n' "M $1"; fi
}
{
  for f in ${BUS_FILES.join(' ')}; do F "$S/bus/ap/$f"; done
  for v in ${AP_DRIVERS.join(' ')}; do L "$S/bus/ap/drivers/$v"; done
  L "$S/devices/ap"
  for c in "$S"/devices/ap/card[0-9a-f][0-9a-f]; do
    [ -d "$c" ] || continue
    R "$c" ${CARD_FILES.join(' ')}
    for q in "$c"/[0-9a-f][0-9a-f].[0-9a-f][0-9a-f][0-9a-f][0-9a-f]; do
      case $q in *\]) continue;; esac
      printf '%s\n' "Q $q"
    done
    printf '%s\n' "G $c"
  done
  m=$S/devices/vfio_ap/matrix
  L "$m"
  F "$m/features"
  for u in "$m"/[0-9a-f]*-*-*-*-*; do
    [ -d "$u" ] || continue
    R "$u" ${MDEV_FILES.join(' ')}
  done
  for t in ${ETC_DIRS.map((d) => d.dir).join(' ')}; do
    case $t in etc/*) b=$ED/${'$'}{t#etc/};; *) b=$E/$t;; esac
    L "$b"
    case $t in */mdevctl.d/*) g='*';; *) g='*.xml';; esac
    for x in "$b"/$g; do [ -f "$x" ] && F "$x"; done
  done
  for t in ${PERSIST_ETC_FILES.join(' ')}; do F "$ED/$t"; done
  if [ "$S" = /sys ] || [ -n "$E" ]; then F "$E/proc/cmdline"; fi
  printf '%s\n' Z
} | $apd_deadline awk '${AWK.trim()}'
# a deadline that ended the read: one line the reader recognises (its last frame says where)
if [ $? -eq 124 ] && [ -n "$apd_deadline" ]; then printf '%s\n' "#TIMEOUT ${'$'}{APD_DEADLINE}"; fi
`;

export interface DumpScriptOptions {
  /** fixed roots baked into the script (otherwise taken from the environment) */
  sysfsRoot?: string;
  etcRoot?: string;
  /** the /etc directory itself (`--etc-root DIR`) */
  etcDir?: string;
}

/** Quotes a string for POSIX sh: `'...'` with embedded quotes as `'\''`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The dump script text (for `sh -c` or `sh -s`). */
export function dumpScript(opts: DumpScriptOptions = {}): string {
  let pre = '';
  if (opts.sysfsRoot !== undefined) pre += `SYSFS_ROOT=${shellQuote(opts.sysfsRoot)}\n`;
  if (opts.etcRoot !== undefined) pre += `ETC_ROOT=${shellQuote(opts.etcRoot)}\n`;
  if (opts.etcDir !== undefined) pre += `ETC_DIR=${shellQuote(opts.etcDir)}\n`;
  return pre + SH;
}

/** `sh -c '<script>'`, ready to send as one command line (prefix `sudo -n ` when needed). */
export function dumpCommand(opts: DumpScriptOptions = {}): string {
  return `sh -c ${shellQuote(dumpScript(opts))}`;
}
