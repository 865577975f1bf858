/**
 * A HostLink over a shell transport (local sh or SSH): a read is the host's
 * dump script, an apply is the plan's shell script in machine mode (the same
 * generator as the user's export), each sent as ONE script, i.e. one round trip.
 */
import { dumpScript } from '../../shared/host/dumpScript';
import { readTimeoutMessage } from '../../shared/host/dumpStop';
import type { HostState } from '../../shared/host/hostState';
import { exportShellScript } from '../../shared/export/shellScript';
import { JOURNAL_DIR, journalReadScript, parseJournalDump } from '../../shared/export/shellJournal';
import type { Plan } from '../../shared/plan/operations';
import { TransportError, type HostLink, type PlanRun, type PlanRunOptions, type Transport } from './types';

export interface ShellLinkOptions {
  /** where sysfs is on that machine; default /sys */
  sysfsRoot?: string;
  /** prefix of /etc and /run for libvirt and mdevctl files; default none (the real ones) */
  etcRoot?: string;
  /** the host's /etc directory itself for the persistent files (`--etc-root`); default `$ETC_ROOT/etc` */
  etcDir?: string;
  source: string;
  /** the s390 AP configuration lock file (default the script's /run/lock/s390apconfig.lock) */
  apLock?: string;
  /** deadline of one host read (default DEFAULT_READ_TIMEOUT_MS) */
  readTimeoutMs?: number;
  /** how often the plan script retries a held lock (about 30 ms apart); default the script's 3000 */
  lockRetries?: number;
  /** where the plan script journals an apply; default `${etcRoot}/run/apmatrix`, or run/apmatrix beside etcDir */
  journalDir?: string;
  /** expected state after the plan, for the script's final check */
  expectedAfter?: (host: HostState, plan: Plan) => HostState | undefined;
}

/** Single-quotes a word for sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Waits (at most ~10 s) while the s390 AP configuration lock is held by a live
 * process: after a lost connection the plan script may still be running on the
 * host, and a read taken meanwhile would not be the final truth.
 */
const WAIT_FOR_AP_LOCK = `ap_l="\${AP_LOCK:-/run/lock/s390apconfig.lock}"; ap_i=0
while [ "$ap_i" -lt 200 ]; do
  ap_p=$(cat "$ap_l" 2>/dev/null) || break
  case "$ap_p" in ''|*[!0-9]*) break ;; esac
  kill -0 "$ap_p" 2>/dev/null || break
  ap_i=$((ap_i + 1)); sleep 0.05 2>/dev/null || sleep 1
done
`;

/** Reading 65,536 queues through FUSE takes seconds; two minutes means something blocks. */
export const DEFAULT_READ_TIMEOUT_MS = 120_000;
/** the host's own deadline (`timeout` in the script) ends the read first; ours is the backstop */
const BACKSTOP_MS = 10_000;

/**
 * The journal goes where the plan script puts it by default: below the prefix,
 * or run/apmatrix beside a given /etc directory (another host's tree keeps its
 * journal with it, never in this machine's /run).
 */
function defaultJournalDir(o: ShellLinkOptions): string {
  if (o.etcRoot) return `${o.etcRoot}${JOURNAL_DIR}`;
  if (o.etcDir) return `${o.etcDir.replace(/\/+$/, '').replace(/\/[^/]*$/, '')}${JOURNAL_DIR}`;
  return JOURNAL_DIR;
}

export function shellLink(t: Transport, o: ShellLinkOptions): HostLink {
  const readSeconds = Math.max(1, Math.ceil((o.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS) / 1000));
  const journalDir = o.journalDir ?? defaultJournalDir(o);
  const preamble = () => {
    const lines = [`SYSFS_ROOT=${shQuote(o.sysfsRoot ?? '/sys')}`, 'export SYSFS_ROOT'];
    if (o.etcRoot !== undefined) lines.push(`ETC_ROOT=${shQuote(o.etcRoot)}`, 'export ETC_ROOT');
    if (o.etcDir !== undefined) lines.push(`ETC_DIR=${shQuote(o.etcDir)}`, 'export ETC_DIR');
    if (o.apLock !== undefined) lines.push(`AP_LOCK=${shQuote(o.apLock)}`, 'export AP_LOCK');
    lines.push('APMATRIX_MACHINE=1', 'export APMATRIX_MACHINE', '');
    return lines.join('\n');
  };
  return {
    label: t.label,
    source: o.source,
    async dump(opts: { afterApply?: boolean } = {}) {
      const script = preamble() + `APD_DEADLINE=${readSeconds}\n` + (opts.afterApply ? WAIT_FOR_AP_LOCK : '') + dumpScript();
      const ro = { timeoutMs: readSeconds * 1000 + BACKSTOP_MS };
      const timedOut = (partial: string) =>
        new TransportError('timeout', readTimeoutMessage(t.label, readSeconds, partial), { partialStdout: partial });
      // a read changes nothing, so after a dropped connection it is safe to reconnect and read once more
      const r = await t
        .run(script, ro)
        .catch(async (e) => {
          if (!(e instanceof TransportError) || e.code !== 'connection-lost') throw e;
          await t.reconnect();
          return t.run(script, ro);
        })
        .catch((e) => {
          throw e instanceof TransportError && e.code === 'timeout' ? timedOut(e.extra.partialStdout ?? '') : e;
        });
      if (/(^|\n)#TIMEOUT \d+\n?$/.test(r.stdout)) throw timedOut(r.stdout);
      if (!r.stdout.trim()) {
        throw new TransportError(
          'connect-failed',
          `${t.label}: the dump command printed nothing (exit ${r.code}): ${r.stderr.trim().split('\n')[0] ?? ''}`
        );
      }
      return r.stdout;
    },
    async runPlan(host: HostState, plan: Plan, onLine: (line: string) => void, run: PlanRunOptions = {}): Promise<PlanRun> {
      // the script's switches are its own options, never the environment (issue 8 item 7)
      const options = ['--machine', '--sysfs-root', o.sysfsRoot ?? '/sys', '--journal-dir', journalDir];
      if (o.apLock !== undefined) options.push('--lock', o.apLock);
      if (o.lockRetries !== undefined) options.push('--lock-retries', String(o.lockRetries));
      // the persistent part (persistScript.ts): the mode, and the host's /etc directory itself
      const etcDir = o.etcDir ?? (o.etcRoot !== undefined ? `${o.etcRoot.replace(/\/+$/, '')}/etc` : undefined);
      if (run.persist) options.push('--persist', run.persist);
      if (etcDir !== undefined) options.push('--etc-root', etcDir);
      const script = exportShellScript(host, plan, {
        machine: true,
        expectedAfter: o.expectedAfter?.(host, plan),
        options,
        continues: run.continues,
        clearsJournal: run.clearsJournal,
        persistRestore: run.persistRestore
      });
      const lines: string[] = [];
      let pending = '';
      const feed = (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          lines.push(line);
          onLine(line);
        }
      };
      try {
        const r = await t.run(script, { onStdout: feed });
        if (pending) feed('\n');
        return { lines, stderr: r.stderr, exitCode: r.code, lost: false };
      } catch (e) {
        if (e instanceof TransportError && (e.code === 'connection-lost' || e.code === 'timeout')) {
          // a partial last line is not a status line we can trust: drop it
          return { lines, stderr: '', exitCode: null, lost: true, lostReason: e.message };
        }
        throw e;
      }
    },
    async readJournals() {
      const r = await t.run(journalReadScript(shQuote(journalDir)));
      return parseJournalDump(r.stdout);
    },
    reconnect: () => t.reconnect(),
    close: () => t.close()
  };
}
