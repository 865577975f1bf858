/**
 * Apply and export: the confirmation, live progress per step, the result with
 * the state read back and the rollback offered as a new plan; export text in
 * every format, saved to a file or copied.
 */
import type { ApplyProgress, ApplyResult, ExportFormat } from '../../../shared/api/contract';
import type { Operation } from '../../../shared/plan/operations';
import { getApi } from '../api/getApi';
import { persistRequest } from '../panels/PersistChoice';
import { errorText } from './sessionSlice';
import type { Slice } from './types';

export type ApplyPhase = 'idle' | 'confirm' | 'running' | 'done';

export interface ApplySlice {
  applyPhase: ApplyPhase;
  progress: ApplyProgress[];
  /** the operations being applied (a plan that landed, even in part, is cleared when the host is read again) */
  applyOps: Operation[];
  applyResult: ApplyResult | null;
  applyError: string | null;
  exportFormat: ExportFormat;
  exportText: string;
  exportFilename: string;
  exportBusy: boolean;
  exportMessage: string | null;
  askApply(): void;
  cancelApply(): void;
  /** `resume` / `rollback`: finish or undo an interrupted apply of this plan journalled on the host */
  runApply(mode?: 'resume' | 'rollback'): Promise<void>;
  closeApply(): void;
  offerRollback(): void;
  setExportFormat(f: ExportFormat): void;
  runExport(): Promise<void>;
  saveExport(): Promise<void>;
  copyExport(): Promise<void>;
}

export const EXPORT_FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'sh', label: 'Shell script (what apply runs)' },
  { format: 'chzdev', label: 'chzdev (persistent host masks)' },
  { format: 'mdevctl', label: 'mdevctl JSON' },
  { format: 'libvirt', label: 'libvirt node device XML' },
  { format: 'kparm', label: 'Kernel parameters' },
  { format: 'qemu', label: 'QEMU -device' },
  { format: 'lszcrypt', label: 'lszcrypt -V text' },
  { format: 'ansible', label: 'Ansible playbook' }
];

export const createApplySlice: Slice<ApplySlice> = (set, get) => ({
  applyPhase: 'idle',
  progress: [],
  applyOps: [],
  applyResult: null,
  applyError: null,
  exportFormat: 'sh',
  exportText: '',
  exportFilename: '',
  exportBusy: false,
  exportMessage: null,

  askApply() {
    if (get().composed?.operations.length) set({ applyPhase: 'confirm', progress: [], applyResult: null, applyError: null });
  },
  cancelApply: () => set({ applyPhase: 'idle' }),

  async runApply(mode) {
    const conn = get().connection;
    const host = get().host;
    // finishing or undoing is about the plan just applied, whatever the grid composes now
    const ops = mode ? get().applyOps : (get().composed?.operations ?? []);
    if (!conn || !host || !ops.length) return;
    set({ applyPhase: 'running', progress: [], applyOps: ops, applyResult: null, applyError: null });
    const off = getApi().onApplyProgress((p) => {
      const progress = get().progress.filter((x) => x.step !== p.step);
      progress.push(p);
      progress.sort((a, b) => a.step - b.step);
      set({ progress });
    });
    try {
      const result = await getApi().applyPlan({
        connectionId: conn.id,
        plan: { title: get().planTitle(), operations: ops },
        fingerprint: host.fingerprint,
        ...persistRequest(),
        ...(mode ? { mode } : {})
      });
      set({ applyResult: result, applyPhase: 'done' });
      if (!result.ok && result.landed === 0) {
        // nothing was written (drift, or the first step refused): the plan stays, judged on the state read now
        get().setHost(result.host, result.findings, { keepPlan: true });
        get().noteHostChanged(
          host,
          `Nothing was applied: ${result.error ?? 'the host refused the plan'}. The plan is kept and judged on the state read now.`
        );
      } else get().setHost(result.host, result.findings);
    } catch (e) {
      set({ applyError: errorText(e), applyPhase: 'done' });
    } finally {
      off();
    }
  },
  closeApply: () => set({ applyPhase: 'idle' }),
  offerRollback() {
    const r = get().applyResult?.rollback;
    if (!r || !r.operations.length) return;
    get().loadRawPlan(r.title || 'Rollback', r.operations);
    set({ applyPhase: 'idle', tab: 'plan' });
  },

  setExportFormat(exportFormat) {
    set({ exportFormat });
    void get().runExport();
  },
  async runExport() {
    const conn = get().connection;
    if (!conn) return;
    set({ exportBusy: true, exportMessage: null });
    try {
      const ops = get().composed?.operations ?? [];
      const { text, filename } = await getApi().exportPlan({
        connectionId: conn.id,
        plan: { title: get().planTitle(), operations: ops },
        format: get().exportFormat
      });
      set({ exportText: text, exportFilename: filename, exportBusy: false });
    } catch (e) {
      // main's export gate (shared/plan/exportGate): the plan's own refusal, not a failure of the export
      const text = errorText(e);
      const refused = /^not exported: /.exec(text);
      set({
        exportBusy: false,
        exportText: '',
        exportFilename: '',
        exportMessage: refused ? `Not exported: ${text.slice(refused[0].length)}` : `Export failed: ${text}`
      });
    }
  },
  async saveExport() {
    const { exportText, exportFilename } = get();
    if (!exportText) return;
    try {
      const r = await getApi().saveFile({ suggestedName: exportFilename || 'apmatrix-plan.txt', text: exportText });
      set({ exportMessage: r.saved ? `Saved to ${r.path}` : 'Not saved.' });
    } catch (e) {
      set({ exportMessage: `Saving failed: ${errorText(e)}` });
    }
  },
  async copyExport() {
    try {
      await navigator.clipboard.writeText(get().exportText);
      set({ exportMessage: 'Copied to the clipboard.' });
    } catch (e) {
      set({ exportMessage: `Copying failed: ${errorText(e)}; select the text and copy it by hand.` });
    }
  }
});
