/**
 * The preview's counts as an admin reads them: queues of this LPAR only
 * (adapters and domains the machine configured for it), and apart from them
 * how many positions outside the LPAR configuration a mask change touches
 * (apmask and aqmask bits cover all 256 ids, configured or not).
 */
import type { SelectionPreview } from '../plan/types';
import { LPAR_NONE, type Layers } from './layers';

export interface PreviewCounts {
  gained: number;
  lost: number;
  draggedIn: number;
  others: number;
  /** positions outside the LPAR configuration whose owner changes */
  outside: number;
}

export function previewCounts(p: SelectionPreview | undefined, layers: Layers | null): PreviewCounts {
  const zero = { gained: 0, lost: 0, draggedIn: 0, others: 0, outside: 0 };
  if (!p) return zero;
  const inLpar = (c: number) => !layers || layers.lpar[c] !== LPAR_NONE;
  const count = (cells: number[] | undefined) => (cells ?? []).reduce((n, c) => n + (inLpar(c) ? 1 : 0), 0);
  const changed = new Set<number>([...p.gained, ...p.lost, ...(p.others ?? [])]);
  let outside = 0;
  for (const c of changed) if (!inLpar(c)) outside++;
  return { gained: count(p.gained), lost: count(p.lost), draggedIn: count(p.draggedIn), others: count(p.others), outside };
}
