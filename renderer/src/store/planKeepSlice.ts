/**
 * Plans are never lost: switching host asks first, a plan is stored per host
 * (planStorage.ts) and comes back with its host, a re-read or a drift refusal
 * keeps it with what changed shown, and plans are saved to and opened from
 * files in the command line's JSON.
 */
import type { ConnectRequest, ConnectTarget } from '../../../shared/api/contract';
import type { HostState } from '../../../shared/host/hostState';
import { getApi } from '../api/getApi';
import { hostChanges } from '../model/hostChanges';
import { plural } from '../model/words';
import { parsePlanFile, planFileName, planFileText } from '../plan/planFile';
import { loadPlan, savePlan, type StoredPlan } from './planStorage';
import { errorText } from './sessionSlice';
import type { AppStore } from './store';
import type { Slice } from './types';

export interface PlanKeepSlice {
  /** a connect waiting for the user: the current plan belongs to another host */
  switchPrompt: ConnectRequest | null;
  /** why the plan's verdicts may have changed: what the host changed, in sentences */
  hostChangeNote: { title: string; changes: string[] } | null;
  planFileMessage: string | null;
  answerSwitch(go: boolean): void;
  /** after a read of the same host: keep the plan and say what changed */
  noteHostChanged(before: HostState, title: string): void;
  dismissHostChange(): void;
  /** a stored plan (planStorage.loadPlan); a malformed one was dropped and only its sentence is shown */
  restoreStoredPlan(stored: StoredPlan | { dropped: string } | null): void;
  savePlanFile(): Promise<void>;
  openPlanText(text: string, name: string): void;
}

export const createPlanKeepSlice: Slice<PlanKeepSlice> = (set, get) => ({
  switchPrompt: null,
  hostChangeNote: null,
  planFileMessage: null,

  answerSwitch(go) {
    const req = get().switchPrompt;
    set({ switchPrompt: null });
    if (go && req) void get().connect(req, { confirmed: true });
  },

  noteHostChanged(before, title) {
    const after = get().host;
    if (!after) return;
    const label = (u: string) => get().hostIndex?.mdevByUuid.get(u)?.label ?? u.slice(0, 8);
    const changes = hostChanges(before, after, label);
    set({ hostChangeNote: changes.length || title ? { title, changes } : null });
  },
  dismissHostChange: () => set({ hostChangeNote: null }),

  restoreStoredPlan(stored) {
    set({ hostChangeNote: null, planFileMessage: null });
    if (!stored) return;
    if ('dropped' in stored) return void set({ planFileMessage: stored.dropped });
    set({ mdevNames: { ...stored.names, ...get().mdevNames } });
    get().loadRawPlan(stored.title, stored.operations);
    const fp = get().host?.fingerprint;
    set({
      planFileMessage:
        stored.fingerprint && stored.fingerprint !== fp
          ? `The plan kept for this host was made on an earlier state of it; its steps are judged on the state read now.`
          : 'The plan kept for this host is back.'
    });
  },

  async savePlanFile() {
    const { composed, host } = get();
    if (!composed?.operations.length || !host) return;
    const text = planFileText({ title: get().planTitle(), operations: composed.operations, fingerprint: host.fingerprint });
    const name = planFileName(host.source);
    if (!window.apmatrix) {
      // browser mode: a download, like any web page's
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      set({ planFileMessage: `Downloaded ${name}.` });
      return;
    }
    try {
      const r = await getApi().saveFile({ suggestedName: name, text });
      set({ planFileMessage: r.saved ? `Saved to ${r.path}.` : 'Not saved.' });
    } catch (e) {
      set({ planFileMessage: `Saving failed: ${errorText(e)}` });
    }
  },

  openPlanText(text, name) {
    const r = parsePlanFile(text, name);
    if (!r.ok) {
      set({ planFileMessage: r.message });
      return;
    }
    get().loadRawPlan(r.plan.title, r.plan.operations);
    const fp = get().host?.fingerprint;
    const pin = !r.plan.fingerprint
      ? 'It names no host state; '
      : r.plan.fingerprint === fp
        ? 'It was made on this state of the host; '
        : 'It was made on another state of the host (its fingerprint differs); ';
    set({ planFileMessage: `Opened ${name}: ${plural(r.plan.operations.length, 'step')}. ${pin}the verdicts are for the state read now.` });
  }
});

/** Keeps the stored copy of the plan in step with the plan (a subscription, not a React effect). */
export function installPlanPersistence(store: AppStore): () => void {
  return store.subscribe((s, p) => {
    if (s.composed === p.composed && s.mdevNames === p.mdevNames) return;
    const conn: ConnectTarget | undefined = s.connection?.target;
    if (!conn || !s.host) return;
    const ops = s.composed?.operations ?? [];
    savePlan(conn, ops.length ? { title: s.planTitle(), operations: ops, fingerprint: s.host.fingerprint, names: s.mdevNames } : null);
  });
}

export { loadPlan };
