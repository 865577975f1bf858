/**
 * A stand-in for the bridge while parts of the engine are missing: the page's
 * `window.apmatrix` forwards each call to Node (page.exposeBinding), where the
 * real shared modules answer (scenario snapshot, validatePlan, exportPlan,
 * rollback). Used by gridShots.ts only when the browser mode cannot start.
 */
import type { Page } from 'playwright-core';
import type { ExportFormat } from '../shared/api/contract';
import { exportPlan } from '../shared/export';
import type { HostState } from '../shared/host/hostState';
import type { Plan } from '../shared/plan/operations';
import { rollbackPlan } from '../shared/plan/rollback';
import { validatePlan } from '../shared/plan/validate';
import { scenarioHost } from '../test/unit/rendererFixtures';

export async function installFakeApi(page: Page): Promise<void> {
  let host: HostState | null = null;
  await page.exposeBinding('__apmFake', async (_src, method: string, params: Record<string, unknown>) => {
    switch (method) {
      case 'listTargets':
        return {
          scenarios: [
            { name: 'demo', description: 'three guests' },
            { name: 'default', description: 'four cards' },
            { name: 'legacy', description: 'a 5.15 host' },
            { name: 'full', description: '256 × 256' }
          ],
          sshHosts: [{ alias: 'lab-z16', hostName: 'z16.example.net', user: 'root', port: null }],
          defaultLocalRoot: '/sys'
        };
      case 'connect': {
        const t = params.target as { kind: string; scenario?: 'demo' };
        if (t.kind !== 'demo') return { ok: false, need: 'error', message: 'fake api: only demo hosts' };
        host = scenarioHost(t.scenario ?? 'demo');
        return { ok: true, connectionId: 'c1', label: `demo:${t.scenario}`, host, findings: [] };
      }
      case 'validatePlan':
        return validatePlan(host!, params.plan as Plan);
      case 'exportPlan':
        return exportPlan(host!, params.plan as Plan, params.format as ExportFormat);
      case 'applyPlan': {
        const plan = params.plan as Plan;
        const v = validatePlan(host!, plan);
        const landed = v.firstFailure < 0 ? plan.operations.length : v.firstFailure;
        const before = host!;
        host = v.after;
        return {
          landed,
          total: plan.operations.length,
          ok: landed === plan.operations.length,
          error: v.firstFailure < 0 ? null : v.verdicts[v.firstFailure].message,
          host,
          findings: [],
          rollback: rollbackPlan(before, plan, landed)
        };
      }
      case 'disconnect':
        return { closed: true };
      default:
        throw new Error(`fake api: ${method} not supported`);
    }
  });
  // a string, not a function: tsx would wrap a function with helpers the page lacks
  await page.addInitScript(`
    const call = (m) => (p) => window.__apmFake(m, p ?? null);
    window.apmatrix = {
      listTargets: call('listTargets'), connect: call('connect'), readHost: call('readHost'),
      validatePlan: call('validatePlan'), applyPlan: call('applyPlan'), exportPlan: call('exportPlan'),
      saveFile: call('saveFile'), disconnect: call('disconnect'), onApplyProgress: () => () => undefined
    };`);
}
