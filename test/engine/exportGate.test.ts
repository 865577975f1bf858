/**
 * Issue 8 point 2: export only what the kernel would accept. A plan whose
 * validation refuses a step (here EADDRINUSE: two mdevs would hold the same
 * queues) is exported in no format, from the router (what the app's export
 * panel calls) and the command line, with the one-line reason `plan validate`
 * and apply give.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoRouterPerTest } from './demoRouter';
import { EXPORT_FORMATS } from '../../shared/api/validators';
import type { Plan } from '../../shared/plan/operations';
import { exportGate } from '../../shared/plan/exportGate';
import { refusalOf, validateSafely } from '../../shared/plan/safety';
import { apmatrix } from '../helpers/simMount';
import type { ApMatrixApi } from '../../shared/api/contract';
import { setApi } from '../../renderer/src/api/getApi';
import { createAppStore } from '../../renderer/src/store/store';
import { scenarioHost } from '../unit/rendererFixtures';
import { GOOD_PLAN, NEW } from './demoPlans';

/** step 4 gives NEW adapter 05 with domain 04: 05.0004 is Guest1's (EADDRINUSE, §6.2) */
const REFUSED: Plan = {
  title: 'overlap',
  operations: [...GOOD_PLAN.operations.slice(0, 3), { kind: 'assign-adapter', uuid: NEW, id: 0x05 }]
};

const connectDemo = demoRouterPerTest('apmx-gate-');

describe('export gate: only what the kernel would accept', () => {
  it('the gate gives the refusal plan validate and apply give', () => {
    const host = scenarioHost('demo');
    const gate = exportGate(host, REFUSED);
    expect(gate.refusal).toBe(refusalOf(validateSafely(host, REFUSED), REFUSED));
    expect(gate.refusal).toMatch(/^step 4 \(assign adapter 0x05 to a1b2c3d4-0000-4000-8000-000000000001\) would be refused: EADDRINUSE: /);
    expect(exportGate(host, GOOD_PLAN).refusal).toBeNull();
  });

  it('the router (the app export panel) refuses the plan in every format, with that reason', async () => {
    const { r, c } = await connectDemo();
    const v = await r.validatePlan({ connectionId: c.connectionId, plan: REFUSED });
    const reason = refusalOf(v, REFUSED)!;
    for (const format of EXPORT_FORMATS) {
      await expect(r.exportPlan({ connectionId: c.connectionId, plan: REFUSED, format }), format).rejects.toThrow(
        `not exported: ${reason}`
      );
    }
    // a plan the kernel accepts still exports
    expect((await r.exportPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, format: 'mdevctl' })).text.length).toBeGreaterThan(0);
  });

  it('the app export panel shows that reason and holds no text to save or copy', async () => {
    const { r, c } = await connectDemo();
    setApi(r as unknown as ApMatrixApi);
    const store = createAppStore();
    store.getState().setHost(c.host, c.findings ?? []);
    store.setState({ connection: { id: c.connectionId, label: 'demo', target: { kind: 'demo', scenario: 'demo' } } });
    store.getState().loadRawPlan('overlap', REFUSED.operations);
    await store.getState().runExport();
    const v = await r.validatePlan({
      connectionId: c.connectionId,
      plan: { title: store.getState().planTitle(), operations: REFUSED.operations }
    });
    expect(store.getState().exportText).toBe('');
    expect(store.getState().exportMessage).toBe(`Not exported: ${refusalOf(v, REFUSED)}`);
  });

  it('plan export on the command line: status 1, nothing on stdout, the reason plan validate gives', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apmx-gate-cli-'));
    const file = join(dir, 'refused.json');
    writeFileSync(file, JSON.stringify(REFUSED));
    // issue 8 point 1: a plan file with a repeated id is refused when it is read
    const dup = join(dir, 'dup.json');
    writeFileSync(dup, JSON.stringify({ title: 'issue 8', operations: [{ kind: 'apmask', set: Array(683).fill(0), clear: [] }] }));
    const [validate, exported, duplicate] = await Promise.all([
      apmatrix(['plan', 'validate', file, '--demo', 'demo'], { timeoutMs: 90_000 }),
      apmatrix(['plan', 'export', file, '--format', 'mdevctl', '--demo', 'demo'], { timeoutMs: 90_000 }),
      apmatrix(['plan', 'export', dup, '--format', 'sh', '--demo', 'default'], { timeoutMs: 90_000 })
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toBe('');
    expect(duplicate.stderr.trim()).toBe(
      `apmatrix plan: ${dup}: plan.operations[0] is not a valid operation: set lists 0x00 more than once; each id may appear once in an operation`
    );
    expect(validate.code).toBe(1);
    expect(exported.code).toBe(1);
    expect(exported.stdout).toBe('');
    const reason = validate.stderr.trim().replace(/^apmatrix plan validate: /, '');
    expect(reason).toMatch(/^step 4 \(assign adapter 0x05 .*\) would be refused: EADDRINUSE/);
    expect(exported.stderr.trim()).toBe(`apmatrix plan: not exported: ${reason}`);
  });
});
