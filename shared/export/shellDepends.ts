/**
 * What a plan depends on, and the shell lines that compare exactly that with
 * the host (issue 8 item 6): the apmask/aqmask bits of the adapters and
 * domains it names, the mdevs it touches, and which mdevs hold the queues of
 * those adapters and domains (the queues whose owner it changes or assigns).
 * An unrelated new mdev or mask bit does not block the script.
 *
 * A mask is compared through a `case` pattern on its text (`0x` and 64 hex
 * digits): a digit none of whose bits matter is `?`, a digit whose bits all
 * matter is itself, any other is the bracket of the digits that agree on the
 * bits that matter (docs/kernel-model.md §1.2 for the absolute form).
 */
import { hex2, hex4, maskIds, maskToHex, type Mask } from '../ap';
import { MATRIX_DIR, type Plan } from '../plan/operations';
import type { MaskPicture } from './picture';
import { posixCksum } from './cksum';
import { shWord } from './sanitize';
import { controlDomainsText, matrixText } from './sysfsText';

export interface Dependencies {
  adapters: number[];
  domains: number[];
  /** mdevs the plan writes to, in order of first appearance */
  mdevs: string[];
}

/** Files larger than this are compared by `cksum` instead of their text. */
const INLINE_LIMIT = 1024;

export function planDependencies(plan: Plan, before: MaskPicture, after: MaskPicture): Dependencies {
  const adapters = new Set<number>();
  const domains = new Set<number>();
  const mdevs: string[] = [];
  for (const op of plan.operations) {
    if ('uuid' in op && !mdevs.includes(op.uuid)) mdevs.push(op.uuid);
    switch (op.kind) {
      case 'apmask':
        [...op.set, ...op.clear].forEach((id) => adapters.add(id));
        break;
      case 'aqmask':
        [...op.set, ...op.clear].forEach((id) => domains.add(id));
        break;
      case 'assign-adapter':
      case 'unassign-adapter':
        adapters.add(op.id);
        break;
      case 'assign-domain':
      case 'unassign-domain':
        domains.add(op.id);
        break;
      case 'ap-config':
        op.apm.forEach((id) => adapters.add(id));
        op.aqm.forEach((id) => domains.add(id));
        break;
      default:
        break;
    }
  }
  // the queues of a touched mdev change owner with it (create, remove, ap_config)
  for (const u of mdevs) {
    for (const p of [before, after]) {
      const m = p.mdevs.get(u);
      if (!m) continue;
      maskIds(m.apm).forEach((id) => adapters.add(id));
      maskIds(m.aqm).forEach((id) => domains.add(id));
    }
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { adapters: sorted(adapters), domains: sorted(domains), mdevs };
}

const HEX = '0123456789abcdef';

/** The `case` pattern that matches a mask text equal to `expected` in the bits `care`. */
export function maskPattern(expected: Mask, care: number[]): string {
  const text = maskToHex(expected).slice(2);
  const careBits = new Array<number>(text.length).fill(0);
  for (const id of care) careBits[id >> 2] |= 8 >> (id & 3); // bit 0 is the leftmost bit (§1.2)
  let out = '0x';
  for (let i = 0; i < text.length; i++) {
    const c = careBits[i];
    const want = HEX.indexOf(text[i]) & c;
    if (c === 0) out += '?';
    else if (c === 15) out += text[i];
    else out += `[${[...HEX].filter((_, v) => (v & c) === want).join('')}]`;
  }
  return out;
}

function idList(ids: number[], fmt: (n: number) => string): string {
  if (ids.length <= 8) return ids.map(fmt).join(' ');
  return `${ids.slice(0, 8).map(fmt).join(' ')} and ${ids.length - 8} more`;
}

/** The generated `ap_concerned LINE` function: is a matrix line one of the queues the plan depends on? */
export function concernedFunction(d: Dependencies): string[] {
  const alts = [...d.adapters.map((a) => `${hex2(a)}.*`), ...d.domains.map((q) => `*.${hex4(q)}`)];
  if (alts.length === 0) return ['ap_concerned() { return 1; }'];
  return ['ap_concerned() {', `  case "$1" in ${alts.join('|')}) return 0 ;; esac`, '  return 1', '}'];
}

/** `uuid:line` for every concerned queue line of every mdev in the picture, sorted like the shell's glob (C locale). */
export function holdersText(p: MaskPicture, d: Dependencies): string {
  const adapters = new Set(d.adapters);
  const domains = new Set(d.domains);
  const out: string[] = [];
  for (const u of [...p.mdevs.keys()].sort()) {
    const m = p.mdevs.get(u)!;
    const text = matrixText(m.apm, m.aqm, p.maxAdapter, p.maxDomain);
    for (const line of text ? text.split('\n') : []) {
      const [a, q] = line.split('.');
      if ((a && adapters.has(parseInt(a, 16))) || (q && domains.has(parseInt(q, 16)))) out.push(`${u}:${line}`);
    }
  }
  return out.join(' ');
}

function quotedLines(text: string): string {
  // matrix and control_domains texts hold only hex digits, dots and newlines
  if (!/^[0-9a-f.\n]*$/.test(text)) throw new Error('unexpected character in an expected sysfs text');
  return `'${text}'`;
}

/** The lines for one mdev's files (or its absence) in a picture. */
function mdevLines(p: MaskPicture, u: string): string[] {
  const m = p.mdevs.get(u);
  if (!m) return [`ap_expect_absent ${shWord(`${MATRIX_DIR}/${u}`)}`];
  const out: string[] = [];
  const mt = matrixText(m.apm, m.aqm, p.maxAdapter, p.maxDomain);
  const cd = controlDomainsText(m.adm, p.maxDomain);
  for (const [file, text] of [
    ['matrix', mt],
    ['control_domains', cd]
  ] as const) {
    const path = shWord(`${MATRIX_DIR}/${u}/${file}`);
    if (text.length <= INLINE_LIMIT) out.push(`ap_expect ${path} ${quotedLines(text)}`);
    else out.push(`ap_expect_sum ${path} '${posixCksum(text + '\n')}'`);
  }
  return out;
}

/**
 * Shell lines comparing the host with a picture in what the plan depends on.
 * `holders`: also which mdevs hold the concerned queues (preflight and the
 * "already applied" check; the final check looks at the touched mdevs only).
 */
export function dependencyLines(p: MaskPicture, d: Dependencies, holders: boolean): string[] {
  const out: string[] = [];
  if (d.adapters.length) {
    out.push(
      `ap_expect_bits bus/ap/apmask '${maskPattern(p.apmask, d.adapters)}' '${maskToHex(p.apmask)}' 'adapters ${idList(d.adapters, hex2)}'`
    );
  }
  if (d.domains.length) {
    out.push(
      `ap_expect_bits bus/ap/aqmask '${maskPattern(p.aqmask, d.domains)}' '${maskToHex(p.aqmask)}' 'domains ${idList(d.domains, hex4)}'`
    );
  }
  for (const u of d.mdevs) out.push(...mdevLines(p, u));
  if (holders && (d.adapters.length || d.domains.length)) out.push(`ap_expect_holders '${holdersText(p, d)}'`);
  return out;
}
