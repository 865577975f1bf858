/**
 * What a plan changes in the persistent configuration (shared/persist) when it
 * is applied with `--persist persistent|both`: chzdev's udev rule takes the
 * masks the plan leaves (a mask that ends all ones and that the rule does not
 * hold stays out of it, as chzdev keeps the kernel default), and every mdev the
 * plan touches gets a definition equal to its planned matrix (`start` kept,
 * `auto` for a new one) or, when the plan removes it, loses its definition.
 * Each change carries its undo, taken from the files as read.
 */
import { fullMask, maskEquals, maskToHex, maskToRanges, type Mask } from '../ap';
import type { HostState, MdevctlDefinition } from '../host/hostState';
import { definitionMasks } from '../host/parseExtras';
import { isBad, parseMaskText } from '../host/parseValues';
import { attrsForMatrix, mdevctlJson } from '../persist/mdevctlFile';
import { writeUdevRule } from '../persist/udevRule';
import type { MaskPicture } from './picture';

export type PersistMode = 'active' | 'persistent' | 'both';
export const PERSIST_MODES: readonly PersistMode[] = ['active', 'persistent', 'both'];

export interface RuleState {
  /** the rule file's text, null = no file */
  text: string | null;
  /** chzdev arguments that make the persistent masks this state */
  chzdev: string[];
  /** the masks as hex (null = no line): what the journal keeps (persistJournal.ts) */
  masks: { apmask: string | null; aqmask: string | null };
}

export interface RuleChange {
  kind: 'rule';
  describe: string;
  to: RuleState;
  from: RuleState;
}

export interface DefinitionChange {
  kind: 'define' | 'modify' | 'undefine';
  uuid: string;
  describe: string;
  /** the JSON to write (null for undefine) */
  json: string | null;
  /** the JSON as read (null when there was none) */
  before: string | null;
  /** the definition as read, for the journal (persistJournal.ts) */
  beforeDefinition?: { start: 'auto' | 'manual'; attrs: Array<[string, string]> } | null;
}

export type PersistChange = RuleChange | DefinitionChange;

function hexMask(hex: string | null | undefined): Mask | null {
  if (!hex) return null;
  const m = parseMaskText(hex);
  return isBad(m) ? null : m;
}

/** chzdev's absolute list (`0-4,7-255`); an empty list is refused by chzdev, so all clear is `-0-255` (§2.1). */
function chzdevValue(m: Mask): string {
  return maskToRanges(m) || '-0-255';
}

export function ruleState(apmask: Mask | null, aqmask: Mask | null): RuleState {
  const chzdev: string[] = [];
  if (apmask) chzdev.push(`apmask=${chzdevValue(apmask)}`);
  else chzdev.push('-r', 'apmask');
  if (aqmask) chzdev.push(`aqmask=${chzdevValue(aqmask)}`);
  else chzdev.push('-r', 'aqmask');
  return {
    text: writeUdevRule(apmask, aqmask),
    chzdev,
    masks: { apmask: apmask && maskToHex(apmask), aqmask: aqmask && maskToHex(aqmask) }
  };
}

function sameMatrix(d: MdevctlDefinition, m: { apm: Mask; aqm: Mask; adm: Mask }): boolean {
  const dm = definitionMasks(d.attrs);
  return (
    !dm.problems.length && !dm.outOfRange.length && maskEquals(dm.apm, m.apm) && maskEquals(dm.aqm, m.aqm) && maskEquals(dm.adm, m.adm)
  );
}

/**
 * In the order they must run: undefines (chzdev -p checks host bits it gets
 * back against the auto definitions, docs/host-tools.md §2.3), the rule, then
 * defines and modifies (ap-check checks auto definitions against the
 * persistent masks, §3.3).
 */
export function persistentChanges(host: HostState, after: MaskPicture, touched: string[]): PersistChange[] {
  const out: PersistChange[] = [];
  const defs = new Map((host.persist?.definitions ?? host.mdevctl ?? []).map((d) => [d.uuid, d]));
  for (const uuid of touched) {
    const d = defs.get(uuid);
    if (!after.mdevs.has(uuid) && d)
      out.push({
        kind: 'undefine',
        uuid,
        describe: `undefine mdev ${uuid}`,
        json: null,
        before: mdevctlJson(d.start, d.attrs),
        beforeDefinition: { start: d.start, attrs: d.attrs }
      });
  }
  const rule = host.persist?.udevRule ?? null;
  const nowAp = hexMask(rule?.apmask);
  const nowAq = hexMask(rule?.aqmask);
  const full = fullMask();
  const wantAp = nowAp === null && maskEquals(after.apmask, full) ? null : after.apmask;
  const wantAq = nowAq === null && maskEquals(after.aqmask, full) ? null : after.aqmask;
  const same = (a: Mask | null, b: Mask | null) => (a === null ? b === null : b !== null && maskEquals(a, b));
  if (!same(nowAp, wantAp) || !same(nowAq, wantAq)) {
    const parts = [
      wantAp ? `apmask ${maskToRanges(wantAp) || 'none'}` : 'no apmask line',
      wantAq ? `aqmask ${maskToRanges(wantAq) || 'none'}` : 'no aqmask line'
    ];
    out.push({
      kind: 'rule',
      describe: `udev rule 41-ap.rules: ${parts.join(', ')}`,
      to: ruleState(wantAp, wantAq),
      from: ruleState(nowAp, nowAq)
    });
  }

  for (const uuid of touched) {
    const m = after.mdevs.get(uuid);
    if (!m) continue;
    const d = defs.get(uuid);
    if (d && sameMatrix(d, m)) continue;
    const json = mdevctlJson(d?.start ?? 'auto', attrsForMatrix(m.apm, m.aqm, m.adm));
    out.push({
      kind: d ? 'modify' : 'define',
      uuid,
      describe: `${d ? 'modify' : 'define'} mdev ${uuid} (start ${d?.start ?? 'auto'})`,
      json,
      before: d ? mdevctlJson(d.start, d.attrs) : null,
      beforeDefinition: d ? { start: d.start, attrs: d.attrs } : null
    });
  }
  return out;
}
