/**
 * Whether a click on one cell may change the plan at once, or must show its
 * preview and wait for confirmation: it may when it changes exactly the one
 * queue, takes it from nobody else and touches no running guest.
 */
import type { HostIndex } from '../model/hostIndex';
import { LPAR_NONE, type Layers } from '../model/layers';
import { cellName, plural } from '../model/words';
import type { SelectionPlan } from './types';

export interface ClickReview {
  /** sentences, one per reason to confirm; empty: the click may commit at once */
  reasons: string[];
}

function ownerLabel(ix: HostIndex, owner: string): string {
  if (owner === 'host') return 'the host';
  const m = ix.mdevByUuid.get(owner);
  return m ? `mdev ${m.label}` : `mdev ${owner.slice(0, 8)}`;
}

/**
 * @param layers the read host's layers: queues are counted in the LPAR
 *   configuration; positions outside it (mask bits cover all 256 ids) apart
 */
export function reviewClick(ix: HostIndex, layers: Layers | null, cell: number, plan: SelectionPlan, target: string): ClickReview {
  const reasons: string[] = [];
  const inLpar = (c: number) => !layers || layers.lpar[c] !== LPAR_NONE || c === cell;
  const all = plan.preview.owners ?? [];
  const owners = all.filter((o) => inLpar(o.cell));
  const outside = all.length - owners.length;
  const others = owners.filter((o) => o.cell !== cell);
  if (others.length) {
    const dragged = plan.preview.draggedIn.filter(inLpar).length;
    const beyond = outside ? ` (and ${plural(outside, 'position')} outside the LPAR)` : '';
    reasons.push(
      `This click changes ${plural(owners.length, 'queue')}${beyond}, not only ${cellName(cell)}` +
        (dragged ? `: the cartesian product brings in ${plural(dragged, 'more queue')}.` : '.')
    );
  }
  const taken = new Map<string, number>();
  for (const o of owners) if (o.from !== 'free' && o.from !== target && o.to !== o.from) taken.set(o.from, (taken.get(o.from) ?? 0) + 1);
  for (const [from, n] of taken) reasons.push(`It takes ${plural(n, 'queue')} from ${ownerLabel(ix, from)}.`);
  const running = new Map<string, { gain: number; lose: number }>();
  for (const o of owners) {
    for (const [uuid, gain] of [
      [o.to, true],
      [o.from, false]
    ] as const) {
      const g = ix.mdevByUuid.get(uuid)?.guest;
      if (!g?.running) continue;
      const e = running.get(g.name) ?? { gain: 0, lose: 0 };
      if (gain) e.gain++;
      else e.lose++;
      running.set(g.name, e);
    }
  }
  for (const [name, e] of running) {
    const what = [e.gain ? `${plural(e.gain, 'queue')} appear` : '', e.lose ? `${plural(e.lose, 'queue')} disappear` : '']
      .filter(Boolean)
      .join(' and ');
    reasons.push(`Guest ${name} is running: it will see ${what} while it runs.`);
  }
  return { reasons };
}
