/**
 * The kernel era recognised from which files exist (docs/kernel-model.md §10):
 * `guest_matrix` exists from 6.0 (E2+), `ap_config` from 6.10, the matrix
 * `features` file from about 6.13, card `raw_hwtype` from 6.10. The model knows
 * E1 (static, 5.15) and E3 (dynamic); an E2 host reads as E3 when it has mdevs
 * (guest_matrix) and as E1 otherwise, the conservative side.
 */
import type { Era } from '../kernel/types';
import type { DumpView } from './dumpView';
import type { CardInfo, MdevInfo } from './hostState';

const MATRIX = '/sys/devices/vfio_ap/matrix';

export function detectEra(v: DumpView, mdevs: MdevInfo[], matrixFeatures: string[], cards: CardInfo[], vfioLoaded: boolean): Era {
  if (mdevs.length > 0) {
    const exists = (u: string, f: string) => v.entry(`${MATRIX}/${u}/${f}`)?.kind === 'file';
    if (mdevs.some((m) => exists(m.uuid, 'guest_matrix') || exists(m.uuid, 'ap_config'))) return 'E3';
    if (mdevs.some((m) => v.entry(`${MATRIX}/${m.uuid}/guest_matrix`)?.kind === 'missing')) return 'E1';
  }
  if (matrixFeatures.length > 0 || v.entry(`${MATRIX}/features`)?.kind === 'file') return 'E3';
  const rawTypeKnown = (c: CardInfo) => v.entry(`/sys/devices/ap/card${c.id.toString(16).padStart(2, '0')}/raw_hwtype`)?.kind === 'file';
  if (cards.some(rawTypeKnown)) return 'E3';
  if (cards.length > 0 || vfioLoaded) return 'E1';
  return 'E3';
}
