/**
 * The naive baseline for bench/validate.bench.ts: judge each operation of a
 * plan by rebuilding every queue set (65,536-bit cartesian products for the
 * host and for every mdev) before each write, then diff the owners by queue
 * sets. Same rules as the kernel model (§2.1, §6.2), no shortcuts.
 */
import {
  cartesian,
  emptyMask,
  maskClear,
  maskCopy,
  maskFromIds,
  maskSet,
  qsCells,
  qsIntersect,
  qsIsEmpty,
  qsMinus,
  type Mask,
  type QueueSet
} from '../shared/ap';
import type { KernelState } from '../shared/kernel/types';
import type { Operation, Plan } from '../shared/plan/operations';

interface NaiveMdev {
  uuid: string;
  apm: Mask;
  aqm: Mask;
  adm: Mask;
}

interface NaiveState {
  apmask: Mask;
  aqmask: Mask;
  mdevs: NaiveMdev[];
}

function sets(s: NaiveState): { host: QueueSet; mdevs: QueueSet[] } {
  return { host: cartesian(s.apmask, s.aqmask), mdevs: s.mdevs.map((m) => cartesian(m.apm, m.aqm)) };
}

function judge(s: NaiveState, op: Operation): string | null {
  const now = sets(s); // rebuilt for every operation
  switch (op.kind) {
    case 'apmask':
    case 'aqmask': {
      const next = maskCopy(op.kind === 'apmask' ? s.apmask : s.aqmask);
      for (const id of op.set) maskSet(next, id);
      for (const id of op.clear) maskClear(next, id);
      const host = op.kind === 'apmask' ? cartesian(next, s.aqmask) : cartesian(s.apmask, next);
      const gained = qsMinus(host, now.host);
      for (const m of now.mdevs) if (!qsIsEmpty(qsIntersect(gained, m))) return 'EBUSY';
      if (op.kind === 'apmask') s.apmask = next;
      else s.aqmask = next;
      return null;
    }
    case 'create-mdev':
      if (s.mdevs.some((m) => m.uuid === op.uuid)) return 'EEXIST';
      s.mdevs.push({ uuid: op.uuid, apm: emptyMask(), aqm: emptyMask(), adm: emptyMask() });
      return null;
    case 'remove-mdev':
      if (!s.mdevs.some((m) => m.uuid === op.uuid)) return 'ENOENT';
      s.mdevs = s.mdevs.filter((m) => m.uuid !== op.uuid);
      return null;
    default: {
      const i = s.mdevs.findIndex((m) => m.uuid === op.uuid);
      if (i < 0) return 'ENOENT';
      const m = s.mdevs[i];
      let apm = m.apm;
      let aqm = m.aqm;
      let adm = m.adm;
      if (op.kind === 'ap-config') {
        apm = maskFromIds(op.apm);
        aqm = maskFromIds(op.aqm);
        adm = maskFromIds(op.adm);
      } else {
        const which = op.kind.endsWith('control-domain') ? 'adm' : op.kind.endsWith('adapter') ? 'apm' : 'aqm';
        const next = maskCopy(m[which]);
        if (op.kind.startsWith('assign')) maskSet(next, op.id);
        else maskClear(next, op.id);
        if (which === 'apm') apm = next;
        else if (which === 'aqm') aqm = next;
        else adm = next;
      }
      const product = cartesian(apm, aqm);
      if (!qsIsEmpty(qsIntersect(product, now.host))) return 'EADDRNOTAVAIL';
      for (let j = 0; j < now.mdevs.length; j++) if (j !== i && !qsIsEmpty(qsIntersect(product, now.mdevs[j]))) return 'EADDRINUSE';
      s.mdevs[i] = { uuid: m.uuid, apm, aqm, adm };
      return null;
    }
  }
}

export interface NaiveResult {
  errnos: Array<string | null>;
  changes: Array<{ owner: string; gained: number[]; lost: number[] }>;
}

export function naiveValidate(state: KernelState, plan: Plan): NaiveResult {
  const s: NaiveState = {
    apmask: maskCopy(state.apmask),
    aqmask: maskCopy(state.aqmask),
    mdevs: state.mdevs.map((m) => ({ uuid: m.uuid, apm: maskCopy(m.apm), aqm: maskCopy(m.aqm), adm: maskCopy(m.adm) }))
  };
  const start = sets(s);
  const startOwners = ['host', ...s.mdevs.map((m) => m.uuid)];
  const errnos: Array<string | null> = [];
  let failed = false;
  for (const op of plan.operations) {
    if (failed) {
      errnos.push('NOTRUN');
      continue;
    }
    const e = judge(s, op);
    errnos.push(e);
    failed = e !== null;
  }
  const end = sets(s);
  const byOwner = new Map<string, { before: QueueSet | null; after: QueueSet | null }>();
  startOwners.forEach((o, i) => byOwner.set(o, { before: i === 0 ? start.host : start.mdevs[i - 1], after: null }));
  byOwner.get('host')!.after = end.host;
  s.mdevs.forEach((m, i) => {
    const e = byOwner.get(m.uuid) ?? { before: null, after: null };
    e.after = end.mdevs[i];
    byOwner.set(m.uuid, e);
  });
  const changes: NaiveResult['changes'] = [];
  const none = cartesian(emptyMask(), emptyMask());
  for (const [owner, { before, after }] of byOwner) {
    const gained = qsCells(qsMinus(after ?? none, before ?? none));
    const lost = qsCells(qsMinus(before ?? none, after ?? none));
    if (gained.length || lost.length) changes.push({ owner, gained, lost });
  }
  return { errnos, changes };
}
