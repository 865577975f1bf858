/**
 * The comment header of the plan script: what it does, what it checks before
 * writing, its options, status lines and exit statuses. Only sanitized text.
 */
import { hex2, hex4, maskIds, maskToHex, type Mask } from '../ap';
import type { HostState } from '../host/hostState';
import type { MaskPicture } from './picture';
import { commentText } from './sanitize';
import type { Dependencies } from './shellDepends';

export interface HeaderStep {
  n: number;
  path: string;
  value: string;
  text: string;
}

function ids(m: Mask, fmt: (n: number) => string): string {
  const list = maskIds(m);
  return list.length ? list.map(fmt).join(' ') : 'none';
}

function few(list: string[]): string {
  if (list.length === 0) return 'none';
  return list.length <= 12 ? list.join(' ') : `${list.slice(0, 12).join(' ')} and ${list.length - 12} more`;
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

export function scriptHeader(o: {
  title: string;
  host: HostState;
  generatedAt: string;
  steps: HeaderStep[];
  after: MaskPicture;
  deps: Dependencies;
  needsApConfig: boolean;
  needsDynamicEra: boolean;
  digest: string;
}): string[] {
  const total = o.steps.length;
  return [
    '#!/bin/sh',
    `# AP Matrix plan: ${commentText(o.title) || '(untitled)'}`,
    `# Read from ${commentText(o.host.source)} at ${commentText(o.host.readAt)} (kernel era ${commentText(o.host.era)}).`,
    `# Generated ${commentText(o.generatedAt)}. Plan digest ${o.digest}.`,
    '#',
    total ? `# What it does, in ${total} step${total === 1 ? '' : 's'}:` : '# It does nothing: the plan is empty.',
    ...o.steps.flatMap((s) => [`#   ${s.n}. ${s.text}`, `#      write ${s.value} to $SYSFS_ROOT/${s.path.slice(1, -1)}`]),
    '#',
    '# Expected result:',
    ...resultComment(o.after, o.deps.mdevs),
    '#',
    '# Before writing, it takes the s390 AP configuration lock and checks what the',
    '# plan depends on, and only that (an unrelated mdev or mask bit does not stop it):',
    `#   apmask bits of adapters: ${few(o.deps.adapters.map(hex2))}`,
    `#   aqmask bits of domains: ${few(o.deps.domains.map(hex4))}`,
    `#   the mdevs it writes to: ${few(o.deps.mdevs)}`,
    '#   which mdevs hold the queues of those adapters and domains',
    ...(o.needsDynamicEra ? ['#   that the kernel is of the era the plan was made on (6.0 or later: guest_matrix)'] : []),
    ...(o.needsApConfig ? ['#   that the kernel has the ap_config file (Linux 6.10 and later)'] : []),
    '# If the host is already in the expected result it says so and writes nothing.',
    '# It journals its progress in /run/apmatrix/journal-<plan digest> (run/apmatrix beside --etc-root) and',
    '# refuses to start while an interrupted apply is journalled there.',
    '# It stops at the first write the kernel refuses, reports it and leaves earlier steps in place.',
    '#',
    '# Usage: sh THIS_FILE [options]   (no switch is read from the environment but SYSFS_ROOT)',
    '#   --dry-run           check the host and print the writes; change nothing',
    '#   --machine           status lines only on stdout:',
    '#                       LOCK OK | LOCK WAIT <pid> | LOCK FAIL <pid>; ALREADY;',
    '#                       JOURNAL OWN|OTHER ...; PREFLIGHT OK [FORCED <files>] | PREFLIGHT FAIL <files>;',
    '#                       STEP <n> OK | STEP <n> FAIL <error text>; VERIFY OK | VERIFY FAIL <files>;',
    '#                       ABORT <signal>; DONE',
    '#   --force             apply although what the plan depends on changed (not a missing kernel feature)',
    '#   --lock PATH         default /run/lock/s390apconfig.lock',
    '#   --lock-retries N    default 3000 (about 30 ms apart)',
    '#   --sysfs-root DIR    default $SYSFS_ROOT, else /sys',
    "#   --etc-root DIR      the host's /etc directory for the persistent files (default /etc)",
    '#   --journal-dir DIR   default run/apmatrix beside the etc root (/run/apmatrix)',
    '#   --persist MODE      active | persistent | both (default both when the etc root is writable, else active)',
    '# Exit status: 0 done, or already applied (nothing written); 1 a step failed;',
    '#   2 usage; 3 the host changed since it was read, or the kernel lacks a feature',
    '#   the plan needs (nothing written); 4 lock not taken; 5 final check differs;',
    '#   6 an interrupted apply is journalled on the host (nothing written);',
    '#   129/130/143 interrupted by a signal (the journal keeps the landed steps).',
    ''
  ];
}
