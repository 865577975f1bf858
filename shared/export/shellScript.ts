/**
 * The plan as a POSIX shell script (issue 3 item 5). The same generator serves
 * the user's export and the engine's apply (machine mode): what you export is
 * exactly what apply runs. Every word the script writes or compares is built
 * from validated ids, masks and UUIDs; titles, host names and times appear
 * only in comments, sanitized to one line.
 */
import { maskIds, maskToHex, hex2, hex4, type Mask } from '../ap';
import type { HostState } from '../host/hostState';
import { describeOperation, opPath, opPayload, MATRIX_DIR, type Operation, type Plan } from '../plan/operations';
import { ExportError } from './exportError';
import { checkPlan, pictureOfHost, predictAfter, touchedMdevs, type MaskPicture } from './picture';
import { commentText, shWord } from './sanitize';
import { controlDomainsText, matrixText } from './sysfsText';
import { posixCksum } from './cksum';
import { SHELL_RUNTIME } from './shellRuntime';
import { persistScriptParts } from './persistScript';

export interface ShellScriptOptions {
  /** machine-readable status lines by default (the engine's apply) */
  machine?: boolean;
  /** the host after the plan, from validatePlan's replay; default: the plan replayed on the masks */
  expectedAfter?: HostState;
  /** for the header; default now */
  generatedAt?: string;
}

/** Files larger than this are compared by `cksum` instead of their text. */
const INLINE_LIMIT = 1024;

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
}

function quotedLines(text: string): string {
  // matrix and control_domains texts hold only hex digits, dots and newlines
  if (!/^[0-9a-f.\n]*$/.test(text)) throw new ExportError('expected text', 'unexpected character');
  return `'${text}'`;
}

/** Shell lines that compare the host with a mask picture (preflight or final check). */
function expectLines(p: MaskPicture, uuids: string[], absent: string[], withList: boolean, withMax: boolean): string[] {
  const out: string[] = [];
  if (withMax) {
    out.push(`ap_expect bus/ap/ap_max_adapter_id '${p.maxAdapter}'`);
    out.push(`ap_expect bus/ap/ap_max_domain_id '${p.maxDomain}'`);
  }
  out.push(`ap_expect bus/ap/apmask '${maskToHex(p.apmask)}'`);
  out.push(`ap_expect bus/ap/aqmask '${maskToHex(p.aqmask)}'`);
  if (withList) out.push(`ap_expect_mdevs '${[...p.mdevs.keys()].sort().join(' ')}'`);
  for (const u of uuids) {
    const m = p.mdevs.get(u);
    if (!m) continue;
    const mt = matrixText(m.apm, m.aqm, p.maxAdapter, p.maxDomain);
    const cd = controlDomainsText(m.adm, p.maxDomain);
    for (const [file, text] of [['matrix', mt], ['control_domains', cd]] as const) {
      const path = shWord(`${MATRIX_DIR}/${u}/${file}`);
      if (text.length <= INLINE_LIMIT) out.push(`ap_expect ${path} ${quotedLines(text)}`);
      else out.push(`ap_expect_sum ${path} '${posixCksum(text + '\n')}'`);
    }
  }
  for (const u of absent) out.push(`ap_expect_absent ${shWord(`${MATRIX_DIR}/${u}`)}`);
  return out;
}

function ids(m: Mask, fmt: (n: number) => string): string {
  const list = maskIds(m);
  return list.length ? list.map(fmt).join(' ') : 'none';
}

function resultComment(p: MaskPicture, uuids: string[]): string[] {
  const out = [`#   apmask ${maskToHex(p.apmask)}`, `#   aqmask ${maskToHex(p.aqmask)}`];
  for (const u of uuids) {
    const m = p.mdevs.get(u);
    if (!m) {
      out.push(`#   mdev ${u}: removed`);
      continue;
    }
    out.push(`#   mdev ${u}: adapters ${ids(m.apm, hex2)}; domains ${ids(m.aqm, hex4)}; control domains ${ids(m.adm, hex4)}`);
  }
  return out;
}

export function exportShellScript(host: HostState, plan: Plan, opts: ShellScriptOptions = {}): string {
  checkPlan(plan);
  plan.operations.forEach(checkWritable);
  const before = pictureOfHost(host);
  const after = opts.expectedAfter ? pictureOfHost(opts.expectedAfter) : predictAfter(before, plan);
  const touched = touchedMdevs(plan);
  const total = plan.operations.length;
  const persist = persistScriptParts(host, after, touched); // the persistent part: persistScript.ts

  const steps = plan.operations.map((op, i) => ({
    n: i + 1,
    path: shWord(opPath(op)),
    value: shWord(opPayload(op)),
    text: stepDescription(op)
  }));

  const header = [
    '#!/bin/sh',
    `# AP Matrix plan: ${commentText(plan.title) || '(untitled)'}`,
    `# Read from ${commentText(host.source)} at ${commentText(host.readAt)} (kernel era ${commentText(host.era)}).`,
    `# Generated ${commentText(opts.generatedAt ?? new Date().toISOString())}.`,
    '#',
    total ? `# What it does, in ${total} step${total === 1 ? '' : 's'}:` : '# It does nothing: the plan is empty.',
    ...steps.flatMap((s) => [`#   ${s.n}. ${s.text}`, `#      write ${s.value} to $SYSFS_ROOT/${s.path.slice(1, -1)}`]),
    '#',
    '# Expected result:',
    ...resultComment(after, touched),
    '#',
    '# Before writing, it takes the s390 AP configuration lock and checks that every',
    '# value the plan depends on still equals what was read; on a difference it',
    '# names the file and writes nothing (FORCE=1 applies anyway). It stops at the',
    '# first write the kernel refuses, reports it and leaves earlier steps in place.',
    '#',
    '# Usage: sh THIS_FILE [--dry-run] [--machine]',
    '#   --dry-run           print the writes only; change nothing',
    '#   --machine           status lines only on stdout (also APMATRIX_MACHINE=1):',
    '#                       LOCK OK | LOCK FAIL <pid>; PREFLIGHT OK [FORCED <files>] | PREFLIGHT FAIL <files>;',
    '#                       STEP <n> OK | STEP <n> FAIL <error text>; VERIFY OK | VERIFY FAIL <files>;',
    '#                       ABORT <signal>; DONE',
    '#   SYSFS_ROOT          default /sys',
    '#   AP_LOCK             default /run/lock/s390apconfig.lock; AP_LOCK_RETRIES default 3000 (~30 ms apart)',
    '# Exit status: 0 done, 1 a step failed, 2 usage, 3 host changed (preflight),',
    '#   4 lock not taken, 5 final check differs, 129/130/143 interrupted.',
    ...persist.header,
    ''
  ];

  const lines = [
    ...header,
    `AP_TOTAL=${total}`,
    `MACHINE="\${APMATRIX_MACHINE:-${opts.machine ? 1 : 0}}"`,
    ...persist.args,
    SHELL_RUNTIME,
    ...persist.runtime,
    '',
    'if [ "$DRY_RUN" = 1 ]; then',
    ...steps.map((s) => `  ap_dry ${s.n} ${s.path} ${s.value} '${s.text}'`),
    ...persist.dry,
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
    `# preflight: the values as read at ${commentText(host.readAt)}`,
    "AP_PHASE=preflight AP_WANT='it was read as' AP_DIFF=''",
    ...expectLines(before, [...before.mdevs.keys()], touched.filter((u) => !before.mdevs.has(u)), true, true),
    'ap_preflight_end',
    '',
    ...persist.activeBegin,
    ...steps.map((s) => `ap_step ${s.n} ${s.path} ${s.value} '${s.text}'`),
    '',
    '# final check: the expected result',
    "AP_PHASE='final check' AP_WANT='expected' AP_DIFF=''",
    ...expectLines(after, touched.filter((u) => after.mdevs.has(u)), touched.filter((u) => !after.mdevs.has(u)), false, false),
    'ap_verify_end',
    ...persist.activeEnd,
    ...persist.steps,
    'ap_status DONE',
    'ap_say "done: $AP_TOTAL steps applied"',
    'exit 0',
    ''
  ];
  return lines.join('\n');
}
