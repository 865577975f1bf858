/**
 * The router on the simulated (in-process kernel) host: every request, apply
 * with progress, a host changed between read and apply, payload errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyProgress, ConnectResult } from '../../shared/api/contract';
import { DEMO_UUIDS } from '../../shared/kernel';
import type { Plan } from '../../shared/plan/operations';
import { GOOD_PLAN, NEW } from './demoPlans';
import { createRouter, type Router } from '../../electron/engine/router';
import type { SimulatedLink } from '../../electron/transport/simulated';

let router: Router | null = null;
afterEach(async () => {
  await router?.dispose();
  router = null;
});

function make(): Router {
  const home = mkdtempSync(join(tmpdir(), 'apmx-home-'));
  router = createRouter({ homeDir: home, agentSocket: null, saveDir: join(home, 'out') });
  return router;
}

async function connectDemo(r: Router): Promise<Extract<ConnectResult, { ok: true }>> {
  const c = await r.connect({ target: { kind: 'demo', scenario: 'demo' } });
  if (!c.ok) throw new Error(c.message);
  return c;
}

describe('router on the demo host', () => {
  it('lists targets, connects, reads', async () => {
    const r = make();
    const t = await r.listTargets();
    expect(t.scenarios.map((s) => s.name)).toEqual(['default', 'demo', 'legacy', 'full']);
    expect(t.sshHosts).toEqual([]);
    expect(t.defaultLocalRoot).toBe('/sys');
    const c = await connectDemo(r);
    expect(c.label).toBe('demo:demo');
    expect(c.host.mdevs.map((m) => m.uuid).sort()).toEqual(Object.values(DEMO_UUIDS).sort());
    expect(c.host.guests.find((g) => g.name === 'Guest1')?.running).toBe(true);
    const again = await r.readHost({ connectionId: c.connectionId });
    expect(again.host.fingerprint).toBe(c.host.fingerprint);
  });

  it('validates, exports and applies with progress per step; rollback restores', async () => {
    const r = make();
    const c = await connectDemo(r);
    const v = await r.validatePlan({ connectionId: c.connectionId, plan: GOOD_PLAN });
    expect(v.firstFailure).toBe(-1);
    const sh = await r.exportPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, format: 'sh' });
    expect(sh.text).toContain(`devices/vfio_ap/matrix/${NEW}/assign_adapter`);
    const seen: ApplyProgress[] = [];
    const off = r.onApplyProgress((p) => seen.push(p));
    const res = await r.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint });
    off();
    expect(res).toMatchObject({ ok: true, landed: 6, total: 6, error: null });
    const m = res.host.mdevs.find((x) => x.uuid === NEW);
    expect(m).toBeTruthy();
    expect(seen.filter((p) => p.state === 'ok' && p.step >= 1 && p.step <= 6).map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 6]);
    expect(new Set(seen.map((p) => p.applyId)).size).toBe(1);
    // the rollback plan, applied, gives back the state before
    const back = await r.applyPlan({ connectionId: c.connectionId, plan: res.rollback, fingerprint: res.host.fingerprint });
    expect(back.ok).toBe(true);
    expect(back.host.fingerprint).toBe(c.host.fingerprint);
  });

  it('refuses, writing nothing, when the host changed between read and apply', async () => {
    const r = make();
    const c = await connectDemo(r);
    // someone frees adapter 00 on the host meanwhile
    const sim = simulatedOf(r, c.connectionId);
    sim.kernel.write('bus/ap/apmask', '-0x00\n');
    const before = JSON.stringify(sim.kernel.state.mdevs.map((m) => m.uuid));
    const res = await r.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint });
    expect(res.ok).toBe(false);
    expect(res.landed).toBe(0);
    expect(res.error).toMatch(/host changed/);
    expect(JSON.stringify(sim.kernel.state.mdevs.map((m) => m.uuid))).toBe(before);
    expect(res.rollback.operations).toEqual([]);
  });

  it('refuses a plan the kernel would refuse, before writing', async () => {
    const r = make();
    const c = await connectDemo(r);
    const bad: Plan = {
      title: 'overlap',
      operations: [...GOOD_PLAN.operations.slice(0, 3), { kind: 'assign-adapter', uuid: NEW, id: 0x05 }]
    };
    const v = await r.validatePlan({ connectionId: c.connectionId, plan: bad });
    expect(v.firstFailure).toBe(3);
    expect(v.verdicts[3].errno).toBe('EADDRINUSE');
    const res = await r.applyPlan({ connectionId: c.connectionId, plan: bad, fingerprint: c.host.fingerprint });
    expect(res).toMatchObject({ ok: false, landed: 0 });
    expect(res.error).toMatch(/step 4 .* would be refused: EADDRINUSE/);
    expect(simulatedOf(r, c.connectionId).kernel.state.mdevs.some((m) => m.uuid === NEW)).toBe(false);
  });

  it('payload errors name the field; unknown connections are refused', async () => {
    const r = make();
    await expect(r.connect({ target: { kind: 'demo', scenario: 'nope' } })).rejects.toThrow(
      'connect: target.scenario must be one of default, demo, legacy, full'
    );
    await expect(r.readHost({ connectionId: 'c404' })).rejects.toThrow(/connection c404 is not open/);
    await expect(r.applyPlan({ connectionId: 'c1', plan: GOOD_PLAN })).rejects.toThrow('applyPlan: fingerprint must be a string');
  });

  it('a local target that is not sysfs fails with a message, not a crash', async () => {
    const r = make();
    const res = await r.connect({ target: { kind: 'local', root: '/nonexistent-root' } });
    expect(res).toMatchObject({
      ok: false,
      need: 'error',
      message: 'local sysfs root /nonexistent-root is not a directory on this machine'
    });
    // a directory without AP files is not a host: refused with what is missing, nothing held
    const root = mkdtempSync(join(tmpdir(), 'apmx-empty-'));
    const empty = await r.connect({ target: { kind: 'local', root } });
    expect(empty).toEqual({
      ok: false,
      need: 'error',
      message: `local:${root}: not a sysfs tree with an AP bus: bus/ap is missing (no bus/ap/apmask, bus/ap/aqmask or bus/ap/drivers below the root)`
    });
    expect(r.connectionCount()).toBe(0);
  });

  it('saveFile never overwrites', async () => {
    const r = make();
    const a = await r.saveFile({ suggestedName: 'plan.sh', text: 'one' });
    const b = await r.saveFile({ suggestedName: 'plan.sh', text: 'two' });
    expect(a.path).not.toBe(b.path);
    expect(b.path).toMatch(/plan-1\.sh$/);
    expect(readFileSync(a.path!, 'utf8')).toBe('one');
  });
});

function simulatedOf(r: Router, id: string): SimulatedLink {
  return r.linkOf(id) as SimulatedLink;
}
