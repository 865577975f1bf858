/**
 * The fleet panel's own small store (kept apart from the editor's slices):
 * which sources are picked, the last fleet view, and what is being read.
 */
import { createStore, useStore } from 'zustand';
import type { FleetSource, FleetView, ScenarioName } from '../../../shared/api/contract';
import { getApi } from '../api/getApi';

export interface FleetState {
  open: boolean;
  demos: ScenarioName[];
  sshHosts: string[];
  inventoryPath: string;
  inventoryLimit: string;
  view: FleetView | null;
  /** non-null while reading: `all` or a host name */
  reading: string | null;
  error: string | null;
  setOpen(open: boolean): void;
  toggleDemo(s: ScenarioName): void;
  toggleSsh(alias: string): void;
  setInventory(path: string, limit: string): void;
  readAll(): Promise<void>;
  reread(name: string): Promise<void>;
}

export function sourcesOf(s: Pick<FleetState, 'demos' | 'sshHosts' | 'inventoryPath' | 'inventoryLimit'>): FleetSource[] {
  const out: FleetSource[] = [
    ...s.demos.map((scenario) => ({ kind: 'demo' as const, scenario })),
    ...s.sshHosts.map((host) => ({ kind: 'ssh' as const, host }))
  ];
  const path = s.inventoryPath.trim();
  if (path) out.push({ kind: 'inventory', path, ...(s.inventoryLimit.trim() ? { limit: s.inventoryLimit.trim() } : {}) });
  return out;
}

const toggle = <T>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** One fleet read: `reading` names it while it runs; its view, or its error, lands in the store. */
async function load(set: (part: Partial<FleetState>) => void, reading: string, read: () => Promise<FleetView>): Promise<void> {
  set({ reading, error: null });
  try {
    set({ view: await read() });
  } catch (e) {
    set({ error: message(e) });
  } finally {
    set({ reading: null });
  }
}

export const fleetStore = createStore<FleetState>()((set, get) => ({
  open: false,
  demos: ['default', 'demo', 'legacy'],
  sshHosts: [],
  inventoryPath: '',
  inventoryLimit: '',
  view: null,
  reading: null,
  error: null,
  setOpen: (open) => set({ open }),
  toggleDemo: (s) => set({ demos: toggle(get().demos, s) }),
  toggleSsh: (alias) => set({ sshHosts: toggle(get().sshHosts, alias) }),
  setInventory: (inventoryPath, inventoryLimit) => set({ inventoryPath, inventoryLimit }),
  async readAll() {
    const sources = sourcesOf(get());
    if (sources.length === 0) return set({ error: 'Pick at least one host: a demo scenario, an SSH host or an inventory file.' });
    await load(set, 'all', () => getApi().readFleet({ sources }));
  },
  async reread(name) {
    await load(set, name, () => getApi().rereadFleetHost({ name }));
  }
}));

export function useFleet<T>(selector: (s: FleetState) => T): T {
  return useStore(fleetStore, selector);
}
