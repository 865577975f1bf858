/**
 * The engine's command-line commands, run by electron/cli.ts:
 *   apmatrix snapshot [--text]                       TARGET
 *   apmatrix audit [--json]                          TARGET   exit 0 none/info, 1 warning, 2 error
 *   apmatrix plan validate FILE [--pin OUT]          TARGET   exit 1 when a step would be refused
 *   apmatrix plan export FILE --format FMT           TARGET
 *   apmatrix apply FILE [--yes] [--resume|--rollback] TARGET  asks first on a terminal
 * TARGET = --demo SCENARIO | --local ROOT | --ssh HOST (cliArgs.ts).
 * A plan FILE is JSON `{title, operations}` (an optional `fingerprint` pins the host state).
 * Errors are one line on stderr with a non-zero status (usage errors: 2).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { ExportFormat, Finding } from '../../shared/api/contract';
import { escapeControls, quoteInput } from '../../shared/api/printable';
import { EXPORT_FORMATS, PayloadError, validatePlanValue } from '../../shared/api/validators';
import { exportPlan } from '../../shared/export';
import { describeOperation, type Plan } from '../../shared/plan/operations';
import { exportGate, notExportedText } from '../../shared/plan/exportGate';
import { refusalOf, validateSafely } from '../../shared/plan/safety';
import { isAlreadyApplied } from '../../shared/export/endState';
import { TransportError, type HostLink } from '../transport/types';
import { applyPlan } from './applier';
import { journalFindings, journalsOf } from './applyJournal';
import { parseArgs, readTimeoutOf, TARGET_USAGE, UsageError, type ParsedArgs } from './cliArgs';
import { askHidden, confirm, isInteractive, spinner, withSpinner } from './cliTerminal';
import { openLink, sshPaths } from './connections';
import { readHost } from './reader';
import { persistModeOf, persistPreview } from './persistCli';

class CliError extends Error {}

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : text + '\n');
/** one line of human text that may carry input (host data, names): printed with its controls escaped */
const say = (line: string) => out(escapeControls(line));

async function open(a: ParsedArgs): Promise<HostLink> {
  const paths = sshPaths({
    sshConfigPath: a.values.get('--ssh-config'),
    knownHostsPath: a.values.get('--known-hosts'),
    homeDir: a.values.get('--identity-home')
  });
  try {
    return await withSpinner(`connecting to ${describeTarget(a)}`, () =>
      openLink(a.target, {
        paths,
        acceptHostKey: a.values.get('--accept-host-key'),
        askSecret: async (p) => askHidden(p.kind === 'passphrase' ? `passphrase for ${p.what}: ` : `password for ${p.what}: `),
        remoteSysfsRoot: a.values.get('--remote-sysfs-root'),
        remoteEtcRoot: a.values.get('--remote-etc-root'),
        readTimeoutMs: readTimeoutOf(a.values),
        apLock: a.values.get('--ap-lock'),
        journalDir: a.values.get('--journal-dir')
      })
    );
  } catch (e) {
    if (e instanceof TransportError && (e.code === 'host-key-unknown' || e.code === 'host-key-changed') && e.extra.fingerprint) {
      throw new CliError(`${e.message}; to trust it, run again with --accept-host-key ${e.extra.fingerprint}`);
    }
    if (e instanceof TransportError && e.code === 'need-secret')
      throw new CliError(`${e.message} (run on a terminal to be asked, or load the key into ssh-agent)`);
    throw e;
  }
}

function describeTarget(a: ParsedArgs): string {
  const t = a.target;
  return t.kind === 'demo' ? `demo scenario ${t.scenario}` : t.kind === 'local' ? `local sysfs ${t.root}` : `ssh host ${t.host}`;
}

async function readPlanFile(file: string | undefined): Promise<{ plan: Plan; fingerprint: string | null }> {
  if (!file) throw new UsageError('give the plan FILE (JSON {title, operations})');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // JSON.parse quotes the bytes it stopped at: escaped below like every message
    throw new CliError(`${file} is not JSON: ${(e as Error).message}`);
  }
  const { fingerprint, ...rest } = (json ?? {}) as Record<string, unknown>;
  if (fingerprint !== undefined && typeof fingerprint !== 'string') throw new CliError(`${file}: fingerprint must be a string`);
  try {
    return { plan: validatePlanValue(rest, file), fingerprint: (fingerprint as string | undefined) ?? null };
  } catch (e) {
    if (e instanceof PayloadError) throw new CliError(`${file}: ${e.field} ${e.rule}`);
    throw e;
  }
}

const RANK: Record<Finding['severity'], number> = { info: 0, warning: 1, error: 2 };

async function withLink<T>(a: ParsedArgs, work: (link: HostLink) => Promise<T>): Promise<T> {
  const link = await open(a);
  try {
    return await work(link);
  } finally {
    await link.close().catch(() => undefined);
  }
}

const read = (link: HostLink) => withSpinner(`reading ${link.label}`, () => readHost(link));

async function snapshot(args: string[]): Promise<number> {
  const a = parseArgs(args, ['--text']);
  if (a.positional.length) throw new UsageError(`snapshot takes no FILE (got ${a.positional[0]})`);
  return withLink(a, async (link) => {
    const { host } = await read(link);
    out(a.flags.has('--text') ? exportPlan(host, { title: 'snapshot', operations: [] }, 'lszcrypt').text : JSON.stringify(host, null, 2));
    return 0;
  });
}

async function auditCommand(args: string[]): Promise<number> {
  const a = parseArgs(args, ['--json']);
  return withLink(a, async (link) => {
    const { host, findings: read_ } = await read(link);
    // an interrupted apply journalled on the host is a finding too (issue 8 item 5)
    const findings = [...journalFindings(await journalsOf(link)), ...read_];
    if (a.flags.has('--json')) out(JSON.stringify(findings, null, 2));
    else if (findings.length === 0) say(`${host.source}: no findings`);
    else for (const f of findings) say(`${f.severity.padEnd(7)} ${f.code}: ${f.message}`);
    return findings.reduce((worst, f) => Math.max(worst, RANK[f.severity]), 0);
  });
}

async function planCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'validate' && sub !== 'export') throw new UsageError('use `plan validate FILE` or `plan export FILE --format FMT`');
  const a = parseArgs(rest, [], sub === 'export' ? ['--format'] : ['--pin']);
  const { plan } = await readPlanFile(a.positional[0]);
  let format: ExportFormat | null = null;
  if (sub === 'export') {
    const f = a.values.get('--format');
    if (!f || !(EXPORT_FORMATS as readonly string[]).includes(f) || f === 'lszcrypt') {
      throw new UsageError(
        `--format must be one of sh, chzdev, mdevctl, libvirt, kparm, qemu, ansible${f ? ` (not ${JSON.stringify(f)})` : ''}`
      );
    }
    format = f as ExportFormat;
  }
  return withLink(a, async (link) => {
    const { host } = await read(link);
    if (format) {
      const gate = exportGate(host, plan); // every format: only what the kernel would accept
      if (gate.refusal) throw new CliError(notExportedText(gate.refusal));
      out(exportPlan(host, plan, format, format === 'sh' || format === 'ansible' ? { expectedAfter: gate.validation.after } : {}).text);
      return 0;
    }
    const v = validateSafely(host, plan);
    if (v.unsafe?.length) throw new CliError(`refused: ${refusalOf(v, plan)}`);
    plan.operations.forEach((op, i) => {
      const verdict = v.verdicts[i];
      const mark = verdict.errno === null ? 'ok  ' : verdict.errno === 'NOTRUN' ? 'skip' : 'FAIL';
      say(
        `${String(i + 1).padStart(4)} ${mark} ${describeOperation(op)}${verdict.errno && verdict.errno !== 'NOTRUN' ? `: ${verdict.errno}: ${verdict.message}` : ''}`
      );
    });
    if (v.firstFailure >= 0) {
      // the same one-line reason apply and every export give (shared/plan/safety refusalOf)
      say(`validated on the host state with fingerprint ${host.fingerprint}`);
      process.stderr.write(`apmatrix plan validate: ${escapeControls(refusalOf(v, plan) ?? '')}\n`);
      return 1;
    }
    say(`all ${plan.operations.length} steps would be accepted by ${host.source}`);
    say(`validated on the host state with fingerprint ${host.fingerprint}`);
    const pin = a.values.get('--pin');
    if (pin) {
      // a pinned plan applies only to this very state (apply refuses any drift)
      await writeFile(pin, JSON.stringify({ ...plan, fingerprint: host.fingerprint }, null, 2) + '\n');
      say(`pinned plan written to ${pin}`);
    }
    return 0;
  });
}

async function applyCommand(args: string[]): Promise<number> {
  const a = parseArgs(args, ['--yes', '--resume', '--rollback'], ['--persist']);
  const persist = persistModeOf(a.values.get('--persist'));
  const { plan, fingerprint } = await readPlanFile(a.positional[0]);
  if (a.flags.has('--resume') && a.flags.has('--rollback')) throw new UsageError('choose --resume or --rollback, not both');
  const mode = a.flags.has('--resume') ? 'resume' : a.flags.has('--rollback') ? 'rollback' : 'apply';
  if (!a.flags.has('--yes') && !isInteractive()) {
    throw new CliError('refusing to apply without confirmation: no terminal to ask on; add --yes to apply anyway');
  }
  return withLink(a, async (link) => {
    const { host } = await read(link);
    const v = validateSafely(host, plan);
    // a journalled interrupted apply is the applier's to explain (it offers --resume / --rollback)
    const journalled = (await journalsOf(link)).length > 0;
    const refusal = mode === 'apply' && !journalled && !isAlreadyApplied(host, plan) ? refusalOf(v, plan) : null;
    if (refusal) throw new CliError(`${refusal}; nothing was written`);
    // the persistent side is shown before anything is written, asked or not
    process.stderr.write(persistPreview(host, plan, persist));
    // an unpinned plan applies to the host as read now: say so, and show what that means (issue 8 item 6)
    const pinned = fingerprint !== null;
    if (!pinned && mode === 'apply') {
      if (a.flags.has('--yes'))
        process.stderr.write(
          `apmatrix apply: the plan is not pinned to a host state; applying it to ${link.label} as read now (fingerprint ${host.fingerprint})\n`
        );
      else
        process.stderr.write(
          `The plan is not pinned to a host state: it applies to ${link.label} as read now (fingerprint ${host.fingerprint}).\n`
        );
    }
    if (!a.flags.has('--yes')) {
      process.stderr.write(
        `Plan ${quoteInput(plan.title, 200)} on ${link.label}, ${plan.operations.length} steps${mode === 'apply' ? '' : ` (${mode} of an interrupted apply)`}:\n`
      );
      plan.operations.forEach((op, i) => {
        const verdict = v.verdicts[i];
        const mark = !pinned && mode === 'apply' ? (verdict.errno === null ? 'ok   ' : `${verdict.errno} `) : '';
        process.stderr.write(`  ${i + 1}. ${mark}${describeOperation(op)}\n`);
      });
      if (!(await confirm(mode === 'apply' ? 'Apply it now?' : mode === 'resume' ? 'Finish it now?' : 'Roll it back now?'))) {
        process.stderr.write('apmatrix apply: not applied\n');
        return 1;
      }
    }
    const s = spinner(`applying ${plan.operations.length} steps on ${link.label}`);
    let result;
    const shown = new Set<number>();
    try {
      result = await applyPlan(link, plan, fingerprint ?? host.fingerprint, {
        ...(persist ? { persist } : {}),
        mode,
        onProgress: (p) => {
          if (p.state === 'running') s.update(p.message);
          // one line per step (the final summary repeats the last step: the result below says it)
          else if (p.step > 0 && p.step <= p.total && !shown.has(p.step)) {
            shown.add(p.step);
            s.line(`step ${p.step}/${p.total} ${p.state === 'ok' ? 'ok    ' : 'FAILED'} ${p.message}`);
          }
        }
      });
    } finally {
      s.stop();
    }
    if (result.already) {
      out('already applied: nothing to do');
      return 0;
    }
    out(
      JSON.stringify({ ok: result.ok, landed: result.landed, total: result.total, error: result.error, rollback: result.rollback }, null, 2)
    );
    if (!result.ok) process.stderr.write(`apmatrix apply: ${escapeControls(result.error ?? '')}\n`);
    return result.ok ? 0 : 1;
  });
}

const COMMANDS: Record<string, { usage: string; run: (args: string[]) => Promise<number> }> = {
  snapshot: { usage: `snapshot [--text] ${TARGET_USAGE}`, run: snapshot },
  audit: { usage: `audit [--json] ${TARGET_USAGE}`, run: auditCommand },
  plan: {
    usage: `plan validate FILE [--pin OUT] ${TARGET_USAGE} | plan export FILE --format sh|chzdev|mdevctl|libvirt|kparm|qemu|ansible ${TARGET_USAGE}`,
    run: planCommand
  },
  apply: { usage: `apply FILE [--yes] [--resume|--rollback] [--persist active|persistent|both] ${TARGET_USAGE}`, run: applyCommand },
  // many hosts: loaded only when used (electron/engine/fleet/)
  fleet: {
    usage:
      'fleet snapshot|audit [--json] HOSTS | fleet export PLAN --format ansible HOSTS; HOSTS: --ssh HOST ... | --ssh-config-hosts PATTERN | --inventory FILE [--limit GROUP] | --demo default,demo,legacy | --local ROOT ... [--parallel N] [--ssh-config FILE] [--known-hosts FILE] [--accept-host-key SHA256:...]',
    run: async (args) => (await import('./fleet/fleetCli')).runFleet(args)
  }
};

export async function runEngineCommand(name: string, args: string[]): Promise<number> {
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`apmatrix: unknown engine command ${JSON.stringify(name)}\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    out(`usage: apmatrix ${cmd.usage}`);
    return 0;
  }
  try {
    return await cmd.run(args);
  } catch (e) {
    // messages quote user input (plan files, names): nothing in them may reach the terminal raw
    const msg = escapeControls((e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' '));
    process.stderr.write(`apmatrix ${name}: ${msg}${e instanceof UsageError ? ` (usage: apmatrix ${cmd.usage})` : ''}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}
