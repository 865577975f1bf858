/**
 * Whether a host already is in a plan's end state (issue 8 item 5): replaying
 * the plan on it (every write assumed to succeed, as predictAfter does) changes
 * none of the values the plan writes. Apply then says "already applied" and
 * writes nothing, as the script's own check does.
 */
import { maskToHex } from '../ap';
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import { pictureOfHost, predictAfter, type MaskPicture } from './picture';

function key(p: MaskPicture): string {
  const mdevs = [...p.mdevs.values()]
    .sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0))
    .map((m) => `${m.uuid}:${maskToHex(m.apm)}:${maskToHex(m.aqm)}:${maskToHex(m.adm)}`);
  return [maskToHex(p.apmask), maskToHex(p.aqmask), ...mdevs].join('|');
}

export function isAlreadyApplied(host: HostState, plan: Plan): boolean {
  const now = pictureOfHost(host);
  return key(predictAfter(now, plan)) === key(now);
}
