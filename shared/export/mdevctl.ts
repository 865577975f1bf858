/**
 * mdevctl definitions (docs/host-tools.md §3.5, §4): one JSON config per mdev, 2-space
 * pretty, attrs in kernel write order (adapters, domains, control domains), and
 * the commands that define them. parseMdevctlJson reads a config back.
 */
import { hex2, isUuid, kstrtoul, maskFromIds, maskIds, parseAbsoluteMask, type Mask } from '../ap';
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import { ExportError } from './exportError';
import { exportContext, sourceComment, type ExportOptions } from './exportContext';
import type { MdevMasks } from './picture';

export type StartMode = 'auto' | 'manual';

export interface MdevctlConfig {
  mdev_type: 'vfio_ap-passthrough';
  start: StartMode;
  attrs: Array<Record<string, string>>;
}

/** Adapters as plain decimal ("5"), domains as `0x` hex ("0x47"): never zero-padded decimal (docs/host-tools.md §9). */
export function mdevctlAttrs(m: Pick<MdevMasks, 'apm' | 'aqm' | 'adm'>): Array<[string, string]> {
  return [
    ...maskIds(m.apm).map((a): [string, string] => ['assign_adapter', String(a)]),
    ...maskIds(m.aqm).map((d): [string, string] => ['assign_domain', `0x${d.toString(16)}`]),
    ...maskIds(m.adm).map((d): [string, string] => ['assign_control_domain', `0x${d.toString(16)}`])
  ];
}

export function mdevctlConfig(m: Pick<MdevMasks, 'apm' | 'aqm' | 'adm'>, start: StartMode = 'auto'): MdevctlConfig {
  return {
    mdev_type: 'vfio_ap-passthrough',
    start,
    attrs: mdevctlAttrs(m).map(([k, v]) => ({ [k]: v }))
  };
}

/** The file `/etc/mdevctl.d/matrix/<uuid>` as mdevctl writes it. */
export function mdevctlJson(m: Pick<MdevMasks, 'apm' | 'aqm' | 'adm'>, start: StartMode = 'auto'): string {
  return JSON.stringify(mdevctlConfig(m, start), null, 2) + '\n';
}

export interface ParsedMdevctl {
  start: StartMode;
  attrs: Array<[string, string]>;
  /** the matrix the attrs build when written in order */
  apm: Mask;
  aqm: Mask;
  adm: Mask;
}

function idOf(value: string, attr: string): number {
  let n: bigint;
  try {
    n = kstrtoul(value); // values are parsed with base auto-detection, like the kernel (§1.1)
  } catch {
    throw new ExportError(attr, `value ${JSON.stringify(value)} is not a number`);
  }
  if (n > 255n) throw new ExportError(attr, `value ${value} is above 255`);
  return Number(n);
}

/** Reads a vfio_ap-passthrough config back; refuses other types and unknown attrs. */
export function parseMdevctlJson(text: string): ParsedMdevctl {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new ExportError('mdevctl JSON', (e as Error).message);
  }
  const c = o as Partial<MdevctlConfig>;
  if (!c || typeof c !== 'object') throw new ExportError('mdevctl JSON', 'must be an object');
  if (c.mdev_type !== 'vfio_ap-passthrough') throw new ExportError('mdev_type', 'must be vfio_ap-passthrough');
  if (c.start !== 'auto' && c.start !== 'manual') throw new ExportError('start', 'must be auto or manual');
  if (!Array.isArray(c.attrs)) throw new ExportError('attrs', 'must be a list');
  const sets = { apm: new Set<number>(), aqm: new Set<number>(), adm: new Set<number>() };
  const attrs: Array<[string, string]> = [];
  c.attrs.forEach((entry, i) => {
    const keys = entry && typeof entry === 'object' ? Object.keys(entry) : [];
    if (keys.length !== 1) throw new ExportError(`attrs[${i}]`, 'must be an object with one key');
    const k = keys[0];
    const v = entry[k];
    if (typeof v !== 'string') throw new ExportError(`attrs[${i}]`, 'value must be a string');
    attrs.push([k, v]);
    if (k === 'assign_adapter') sets.apm.add(idOf(v, k));
    else if (k === 'assign_domain') sets.aqm.add(idOf(v, k));
    else if (k === 'assign_control_domain') sets.adm.add(idOf(v, k));
    else if (k === 'ap_config') {
      // docs/host-tools.md §3.5: three masks, replacing all lists
      const parts = v.split(',');
      if (parts.length !== 3) throw new ExportError(`attrs[${i}]`, 'ap_config needs three masks');
      const [a, q, d] = parts.map((p) => parseAbsoluteMask(p.trim(), 'ap_config'));
      sets.apm = new Set(maskIds(a));
      sets.aqm = new Set(maskIds(q));
      sets.adm = new Set(maskIds(d));
    } else throw new ExportError(`attrs[${i}]`, `unknown attribute ${JSON.stringify(k)}`);
  });
  return { start: c.start, attrs, apm: maskFromIds(sets.apm), aqm: maskFromIds(sets.aqm), adm: maskFromIds(sets.adm) };
}

/** The `mdevctl define` command line for a config file. */
export function mdevctlDefineCommand(uuid: string, file: string): string {
  if (!isUuid(uuid)) throw new ExportError('uuid', 'is not a lowercase UUID');
  return `mdevctl define -u ${uuid} -p matrix --jsonfile ${file}`;
}

function sameMasks(a: Pick<MdevMasks, 'apm' | 'aqm' | 'adm'>, b: Pick<MdevMasks, 'apm' | 'aqm' | 'adm'>): boolean {
  return [a.apm, a.aqm, a.adm].every((m, i) => maskIds(m).join(',') === maskIds([b.apm, b.aqm, b.adm][i]).join(','));
}

/**
 * A script that updates the mdevctl definitions of the mdevs the plan changes,
 * and only those (issue 8 item 9). It uses only forms every mdevctl since 1.0
 * accepts: `define -u -p --jsonfile` (which takes the type from the file and
 * refuses `-t` next to it) and `undefine -u -p`; `modify --jsonfile` is newer
 * than Debian 12's mdevctl 1.2.0, which rejects it. A changed definition is
 * undefined and defined again from its new file.
 */
export function exportMdevctl(host: HostState, plan: Plan, opts: ExportOptions = {}): string {
  const ctx = exportContext(host, plan, opts);
  const defined = new Map((host.mdevctl ?? []).filter((d) => isUuid(d.uuid)).map((d) => [d.uuid, d.start]));
  const touched = new Set(plan.operations.flatMap((op) => ('uuid' in op ? [op.uuid] : [])));
  const out = [
    '#!/bin/sh',
    ...sourceComment(ctx, 'mdevctl definitions of the mdevs after the plan (parent matrix, type vfio_ap-passthrough).'),
    '# Only the definitions of mdevs the plan changes are written: each config goes to',
    '# ./<uuid>.json and is defined; a changed definition is undefined and defined again.',
    '# Persists: the mdev definitions in /etc/mdevctl.d/matrix/<uuid> (start auto: created at boot); not the host masks.',
    'set -e'
  ];
  for (const [uuid, m] of ctx.after.mdevs) {
    const was = ctx.before.mdevs.get(uuid);
    const changed = touched.has(uuid) && (!was || !sameMasks(was, m));
    // a definition is written when the plan changes the mdev, or creates it without one
    if (!changed && !(touched.has(uuid) && !defined.has(uuid))) continue;
    const start: StartMode = defined.get(uuid) === 'manual' ? 'manual' : 'auto';
    const file = `${uuid}.json`;
    const adapters = maskIds(m.apm).map(hex2).join(' ') || 'none';
    out.push('', `# mdev ${uuid}: adapters ${adapters}`);
    out.push(`cat > ${file} <<'APMATRIX_JSON'`, mdevctlJson(m, start).trimEnd(), 'APMATRIX_JSON');
    if (defined.has(uuid)) out.push(mdevctlUndefineCommand(uuid));
    out.push(mdevctlDefineCommand(uuid, file));
  }
  for (const uuid of defined.keys()) {
    if (!ctx.after.mdevs.has(uuid) && ctx.before.mdevs.has(uuid)) out.push('', `# removed by the plan`, mdevctlUndefineCommand(uuid));
  }
  out.push('');
  return out.join('\n');
}

export function mdevctlUndefineCommand(uuid: string): string {
  if (!isUuid(uuid)) throw new ExportError('uuid', 'is not a lowercase UUID');
  return `mdevctl undefine -u ${uuid} -p matrix`;
}
