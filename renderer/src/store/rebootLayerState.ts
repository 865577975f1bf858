/**
 * Whether the "after reboot" layer can be shown and, when it is on, its
 * content (model/rebootLayers.ts, cached per host version: cheap to call at
 * pointer rate and from every grid).
 */
import { rebootLayer, type RebootLayer } from '../model/rebootLayers';
import type { AppState } from './types';

/** Why the layer cannot be shown for this host, or null when it can. */
export function rebootLayerUnavailable(s: Pick<AppState, 'host'>): string | null {
  if (!s.host) return 'No host is shown.';
  if (!s.host.persist)
    return 'The persistent configuration of this host was not read (udev rule, kernel parameters, mdevctl definitions), so the next boot is unknown. Connect with the persistent root (--etc-root, or the /etc field of the connect panel).';
  return null;
}

/** The after-reboot layer when it is switched on and known, else null. */
export function shownRebootLayer(s: Pick<AppState, 'visible' | 'hostIndex' | 'layers' | 'mdevNames'>): RebootLayer | null {
  return s.visible.reboot ? rebootLayer(s.hostIndex, s.layers, s.mdevNames) : null;
}
