/** The host as last read: snapshot, its index and layers, and the audit findings. */
import type { Finding } from '../../../shared/api/contract';
import type { HostState } from '../../../shared/host/hostState';
import { indexHost, type HostIndex } from '../model/hostIndex';
import { computeLayers, type Layers } from '../model/layers';
import type { Slice } from './types';

export interface HostSlice {
  host: HostState | null;
  hostIndex: HostIndex | null;
  layers: Layers | null;
  findings: Finding[];
  hostVersion: number;
  /**
   * keepPlan: the same host read again (re-read, drift refusal): the plan stays
   * and is judged on the new state; otherwise the plan starts empty.
   */
  setHost(host: HostState, findings: Finding[], opts?: { keepPlan?: boolean }): void;
}

export const createHostSlice: Slice<HostSlice> = (set, get) => ({
  host: null,
  hostIndex: null,
  layers: null,
  findings: [],
  hostVersion: 0,
  setHost(host, findings, opts = {}) {
    const hostIndex = indexHost(host, get().mdevNames);
    const keep = opts.keepPlan && get().edits.length > 0;
    set({ host, hostIndex, layers: computeLayers(hostIndex), findings, hostVersion: get().hostVersion + 1 });
    if (keep) get().revalidatePlan();
    else get().resetPlan();
    get().clearSelection();
    get().setCursor(-1);
    if (!keep) get().autoZoom();
  }
});
