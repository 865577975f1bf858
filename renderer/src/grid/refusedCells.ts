/**
 * Which cells of a refused selection are the reason, so the grid can frame
 * them: queues of the change (selected, gained, dragged in) that another mdev
 * already holds (an mdev target may not share them; the host may not take
 * them back). When that finds nothing (another kind of refusal), the APQNs the
 * refusal sentences name. Pure: layers, index and the preview only.
 */
import type { HostIndex } from '../model/hostIndex';
import type { Layers } from '../model/layers';
import type { PlanTarget, SelectionPlan } from '../plan/types';

export interface RefusedInput {
  preview: SelectionPlan | null;
  previewCells: number[];
  target: PlanTarget;
  layers: Layers | null;
  index: HostIndex | null;
}

const APQN = /\b([0-9a-f]{2})\.([0-9a-f]{4})\b/gi;

export function refusedCells({ preview, previewCells, target, layers, index }: RefusedInput): number[] {
  if (!preview || !preview.refusals.length) return [];
  const out = new Set<number>();
  if (layers) {
    const self = target.kind === 'host' ? -1 : (index?.mdevByUuid.get(target.uuid)?.index ?? -2) + 1;
    const p = preview.preview;
    for (const list of [previewCells, p.gained, p.draggedIn])
      for (const c of list) if (layers.owner[c] && layers.owner[c] !== self) out.add(c);
  }
  if (!out.size)
    for (const text of preview.refusals)
      for (const m of text.matchAll(APQN)) {
        const d = parseInt(m[2], 16);
        if (d < 256) out.add((parseInt(m[1], 16) << 8) | d);
      }
  return [...out];
}
