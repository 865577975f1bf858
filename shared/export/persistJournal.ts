/**
 * The persistent part of the apply journal (issue 10 point 3, issue 8 point 5):
 * which persistent changes landed and what each replaced, so an interrupted
 * apply can be rolled back (`apply --rollback`) or finished (`--resume`).
 *
 * Journal lines (shellJournal.ts has the rest of the format):
 *
 *   ptotal <persistent changes of the apply>
 *   planded <leading persistent changes written>
 *   pundo <n> <JSON PersistUndo: what change n replaced>   (n = planded down to 1)
 *
 * A journal is host data: anyone who can write there can write anything. So an
 * undo entry holds values only (mask hex, a UUID, `start`, attrs), each checked
 * here; the files are written back through the same generators that wrote
 * them (writeUdevRule, mdevctlJson), never from text taken from the journal.
 */
import { maskToRanges, type Mask } from '../ap';
import type { HostState } from '../host/hostState';
import { isBad, parseMaskText } from '../host/parseValues';
import { mdevctlJson, type DefinitionAttrs } from '../persist/mdevctlFile';
import { ruleState, type PersistChange } from './persistPlan';

/** What one persistent change replaced. */
export type PersistUndo =
  /** the rule's masks before (hex; null = no line, both null = no file) */
  | { kind: 'rule'; apmask: string | null; aqmask: string | null }
  /** the definition before (null = there was none) */
  | { kind: 'definition'; uuid: string; before: { start: 'auto' | 'manual'; attrs: DefinitionAttrs } | null };

/** Bounds of what a journal may hold: more is not a journal this program wrote. */
export const MAX_PERSIST_CHANGES = 1024;
const MAX_UNDO_JSON = 64 * 1024;
const MAX_ATTRS = 3 * 256;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ATTR_KEYS = new Set(['assign_adapter', 'assign_domain', 'assign_control_domain']);
// what mdevctl and the kernel take for an id: hex with 0x, or decimal (docs/host-tools.md §9)
const ATTR_VALUE_RE = /^(?:0x[0-9a-fA-F]{1,4}|[0-9]{1,5})$/;

/** The undo entry of a change, as the journal keeps it. */
export function undoOfChange(c: PersistChange): PersistUndo {
  if (c.kind === 'rule') return { kind: 'rule', apmask: c.from.masks.apmask, aqmask: c.from.masks.aqmask };
  return { kind: 'definition', uuid: c.uuid, before: c.beforeDefinition ?? null };
}

function maskHex(value: unknown, name: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length > 80) throw new Error(`${name} is not a mask`);
  const m = parseMaskText(value);
  if (isBad(m)) throw new Error(`${name} is not a mask (${m.bad})`);
  return value;
}

/** Reads one `pundo` JSON value; throws with a sentence when it is not one this program writes. */
export function parsePersistUndo(json: string): PersistUndo {
  if (json.length > MAX_UNDO_JSON) throw new Error(`longer than ${MAX_UNDO_JSON} characters`);
  const v = JSON.parse(json) as Record<string, unknown>;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
  if (v.kind === 'rule') {
    if (Object.keys(v).sort().join(',') !== 'apmask,aqmask,kind') throw new Error('rule entry with other fields');
    return { kind: 'rule', apmask: maskHex(v.apmask, 'apmask'), aqmask: maskHex(v.aqmask, 'aqmask') };
  }
  if (v.kind !== 'definition') throw new Error('unknown kind');
  if (typeof v.uuid !== 'string' || !UUID_RE.test(v.uuid)) throw new Error('uuid is not a UUID');
  if (v.before === null) return { kind: 'definition', uuid: v.uuid, before: null };
  const b = v.before as Record<string, unknown>;
  if (!b || typeof b !== 'object' || (b.start !== 'auto' && b.start !== 'manual')) throw new Error('before.start is not auto or manual');
  if (!Array.isArray(b.attrs) || b.attrs.length > MAX_ATTRS) throw new Error('before.attrs is not a list of attributes');
  const attrs: DefinitionAttrs = b.attrs.map((a: unknown) => {
    if (!Array.isArray(a) || a.length !== 2 || !ATTR_KEYS.has(a[0] as string) || typeof a[1] !== 'string' || !ATTR_VALUE_RE.test(a[1])) {
      throw new Error('before.attrs holds an attribute that is not an assignment');
    }
    return [a[0] as string, a[1]];
  });
  return { kind: 'definition', uuid: v.uuid, before: { start: b.start, attrs } };
}

function maskOf(hex: string | null): Mask | null {
  if (hex === null) return null;
  const m = parseMaskText(hex);
  return isBad(m) ? null : m;
}

/**
 * The changes that put back what the landed changes replaced, newest first,
 * each made by the generators from the journal's checked values; `from` is the
 * host's files as read now, so a failure halfway undoes this run's restores.
 */
export function restoreChanges(host: HostState, landedUndo: PersistUndo[]): PersistChange[] {
  const defs = new Map((host.persist?.definitions ?? host.mdevctl ?? []).map((d) => [d.uuid, d]));
  const rule = host.persist?.udevRule ?? null;
  const out: PersistChange[] = [];
  for (const u of [...landedUndo].reverse()) {
    if (u.kind === 'rule') {
      const ap = maskOf(u.apmask);
      const aq = maskOf(u.aqmask);
      const what = [
        ap ? `apmask ${maskToRanges(ap) || 'none'}` : 'no apmask line',
        aq ? `aqmask ${maskToRanges(aq) || 'none'}` : 'no aqmask line'
      ];
      out.push({
        kind: 'rule',
        describe: ap || aq ? `restore udev rule 41-ap.rules: ${what.join(', ')}` : 'restore udev rule 41-ap.rules: no rule file',
        to: ruleState(ap, aq),
        from: ruleState(maskOf(rule?.apmask ?? null), maskOf(rule?.aqmask ?? null))
      });
      continue;
    }
    const now = defs.get(u.uuid);
    const nowJson = now ? mdevctlJson(now.start, now.attrs) : null;
    const nowDef = now ? { start: now.start, attrs: now.attrs } : null;
    if (!u.before) {
      if (now)
        out.push({
          kind: 'undefine',
          uuid: u.uuid,
          describe: `restore: undefine mdev ${u.uuid}`,
          json: null,
          before: nowJson,
          beforeDefinition: nowDef
        });
      continue;
    }
    const json = mdevctlJson(u.before.start, u.before.attrs);
    out.push({
      kind: now ? 'modify' : 'define',
      uuid: u.uuid,
      describe: `restore: ${now ? 'modify' : 'define'} mdev ${u.uuid} as it was (start ${u.before.start})`,
      json,
      before: nowJson,
      beforeDefinition: nowDef
    });
  }
  return out;
}
