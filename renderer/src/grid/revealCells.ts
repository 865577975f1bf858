/**
 * The cells a table row stands for, so that a click on the row can bring
 * them into view: an mdev's matrix, a plan operation's adapters or domains
 * (crossed with the mdev's other side when it has one, the whole row or
 * column when not). Pure: reads HostIndex only.
 */
import { AP_IDS, maskHas, type Mask } from '../../../shared/ap';
import type { Operation } from '../../../shared/plan/operations';
import type { HostIndex, MdevEntry } from '../model/hostIndex';

const ALL = Array.from({ length: AP_IDS }, (_, i) => i);
const ids = (m: Mask) => ALL.filter((i) => maskHas(m, i));

function cross(adapters: number[], domains: number[]): number[] {
  const out: number[] = [];
  for (const a of adapters) for (const d of domains) out.push((a << 8) | d);
  return out;
}

export function mdevCells(m: MdevEntry): number[] {
  return cross(ids(m.apm), ids(m.aqm));
}

/** Cells of one operation, judged on the host after the plan (else as read, for a removed mdev). */
export function operationCells(op: Operation, after: HostIndex | null, now: HostIndex | null): number[] {
  if ('set' in op) {
    const changed = [...op.set, ...op.clear];
    return op.kind === 'apmask' ? cross(changed, ALL) : cross(ALL, changed);
  }
  if (op.kind === 'ap-config') return cross(op.apm, op.aqm);
  const m = after?.mdevByUuid.get(op.uuid) ?? now?.mdevByUuid.get(op.uuid) ?? null;
  if (op.kind === 'create-mdev' || op.kind === 'remove-mdev') return m ? mdevCells(m) : [];
  const domains = m ? ids(m.aqm) : [];
  const adapters = m ? ids(m.apm) : [];
  if (op.kind.endsWith('-adapter')) return cross([op.id], domains.length ? domains : ALL);
  return cross(adapters.length ? adapters : ALL, [op.id]);
}
