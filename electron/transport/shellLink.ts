/**
 * A HostLink over a shell transport (local sh or SSH): a read is the host's
 * dump script, an apply is the plan's shell script in machine mode (the same
 * generator as the user's export), each sent as ONE script, i.e. one round trip.
 */
import { dumpScript } from '../../shared/host/dumpScript';
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
  source: string;
  /** the s390 AP configuration lock file (default the script's /run/lock/s390apconfig.lock) */
  apLock?: string;
  /** how often the plan script retries a held lock (about 30 ms apart); default the script's 3000 */
  lockRetries?: number;
  /** where the plan script journals an apply; default `${etcRoot}/run/apmatrix` */
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

export function shellLink(t: Transport, o: ShellLinkOptions): HostLink {
  const journalDir = o.journalDir ?? (o.etcRoot ? `${o.etcRoot}${JOURNAL_DIR}` : JOURNAL_DIR);
  const preamble = () => {
    const lines = [`SYSFS_ROOT=${shQuote(o.sysfsRoot ?? '/sys')}`, 'export SYSFS_ROOT'];
    if (o.etcRoot !== undefined) lines.push(`ETC_ROOT=${shQuote(o.etcRoot)}`, 'export ETC_ROOT');
    if (o.apLock !== undefined) lines.push(`AP_LOCK=${shQuote(o.apLock)}`, 'export AP_LOCK');
    lines.push('APMATRIX_MACHINE=1', 'export APMATRIX_MACHINE', '');
    return lines.join('\n');
  };
  return {
    label: t.label,
    source: o.source,
    async dump(opts: { afterApply?: boolean } = {}) {
      const script = preamble() + (opts.afterApply ? WAIT_FOR_AP_LOCK : '') + dumpScript();
      // a read changes nothing, so after a dropped connection it is safe to reconnect and read once more
      const r = await t.run(script).catch(async (e) => {
        if (!(e instanceof TransportError) || e.code !== 'connection-lost') throw e;
        await t.reconnect();
        return t.run(script);
      });
      if (!r.stdout.trim()) {
        throw new TransportError('connect-failed', `${t.label}: the dump command printed nothing (exit ${r.code}): ${r.stderr.trim().split('\n')[0] ?? ''}`);
      }
      return r.stdout;
    },
    async runPlan(host: HostState, plan: Plan, onLine: (line: string) => void, run: PlanRunOptions = {}): Promise<PlanRun> {
      // the script's switches are its own options, never the environment (issue 8 item 7)
      const options = ['--machine', '--sysfs-root', o.sysfsRoot ?? '/sys', '--journal-dir', journalDir];
      if (o.apLock !== undefined) options.push('--lock', o.apLock);
      if (o.lockRetries !== undefined) options.push('--lock-retries', String(o.lockRetries));
      if (o.etcRoot !== undefined) options.push('--etc-root', o.etcRoot);
      const script = exportShellScript(host, plan, {
        machine: true,
        expectedAfter: o.expectedAfter?.(host, plan),
        options,
        continues: run.continues,
        clearsJournal: run.clearsJournal
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
