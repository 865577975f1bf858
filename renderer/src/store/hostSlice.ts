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
  setHost(host: HostState, findings: Finding[]): void;
}

export const createHostSlice: Slice<HostSlice> = (set, get) => ({
  host: null,
  hostIndex: null,
  layers: null,
  findings: [],
  hostVersion: 0,
  setHost(host, findings) {
    const hostIndex = indexHost(host);
    set({ host, hostIndex, layers: computeLayers(hostIndex), findings, hostVersion: get().hostVersion + 1 });
    get().resetPlan();
    get().clearSelection();
    get().setCursor(-1);
    get().autoZoom();
  }
});
