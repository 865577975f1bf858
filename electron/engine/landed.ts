/**
 * Which steps of a plan really landed, decided from the host as re-read after
 * apply, not from what the script said (the script's report can be cut off by
 * a lost connection, and steps may have run after the cut).
 *
 * A plan only writes apmask, aqmask and the mdevs' three masks (§2.1, §6.2), so
 * the state that matters is that projection. Replaying the plan on the light
 * matrix model gives the projection after each prefix 0..n; the re-read host
 * is compared with them.
 */
import { maskToHex } from '../../shared/ap/mask';
import type { HostState } from '../../shared/host/hostState';
import { applyToModel, modelFromHost, type MatrixModel } from '../../shared/plan/matrixModel';
import type { Plan } from '../../shared/plan/operations';

/** A canonical text of everything a plan can change. */
export function projectionKey(m: MatrixModel): string {
  const mdevs = [...m.mdevs]
    .sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0))
    .map((x) => `${x.uuid}:${maskToHex(x.apm)}:${maskToHex(x.aqm)}:${maskToHex(x.adm)}`);
  return [maskToHex(m.apmask), maskToHex(m.aqmask), ...mdevs].join('|');
}

export function hostProjection(host: HostState): string {
  return projectionKey(modelFromHost(host));
}

/** Projection after each prefix: index i = after the first i operations. */
export function prefixProjections(before: HostState, plan: Plan): string[] {
  const model = modelFromHost(before);
  const out = [projectionKey(model)];
  for (const op of plan.operations) {
    applyToModel(model, op);
    out.push(projectionKey(model));
  }
  return out;
}

export interface LandedVerdict {
  landed: number;
  /** the re-read state equals a prefix of the plan */
  explained: boolean;
  /** the script's report disagreed with the state (said more or fewer steps) */
  reportDisagrees: boolean;
}

/**
 * @param reported leading steps the script reported OK
 * @param complete the script's report is complete (it finished and we saw its end)
 */
export function decideLanded(prefixes: string[], after: string, reported: number, complete: boolean): LandedVerdict {
  const candidates = prefixes.map((p, i) => (p === after ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) {
    // something else changed the host too: the script's count is all we have, and we say so
    return { landed: reported, explained: false, reportDisagrees: false };
  }
  if (complete && candidates.includes(reported)) return { landed: reported, explained: true, reportDisagrees: false };
  // after a cut, steps may have run beyond the last line we saw: the first match at or after it
  const atOrAfter = candidates.find((i) => i >= reported);
  const landed = atOrAfter ?? candidates[candidates.length - 1];
  return { landed, explained: true, reportDisagrees: landed !== reported && complete };
}
