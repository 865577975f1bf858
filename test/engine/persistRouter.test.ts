/**
 * applyPlan's `persist` through the router on the in-process demo host: the
 * persistent changes reach the host's definitions (and the next boot), the
 * active state only when asked; an unknown mode is refused by the validator.
 */
import { describe, expect, it } from 'vitest';
import { demoRouterPerTest } from './demoRouter';
import { nextBoot } from '../../shared/persist';
import { GOOD_PLAN, NEW } from './demoPlans';

const demo = demoRouterPerTest('apmx-prouter-');

describe('applyPlan persist modes on the demo host', () => {
  it('persistent: nothing active changes; the definition is there and starts at the next boot', async () => {
    const { r, c } = await demo();
    const res = await r.applyPlan({
      connectionId: c.connectionId,
      plan: GOOD_PLAN,
      fingerprint: c.host.fingerprint,
      persist: 'persistent'
    });
    expect(res.ok).toBe(true);
    expect(res.landed).toBe(0);
    expect(res.host.mdevs.map((m) => m.uuid)).not.toContain(NEW);
    expect(res.host.persist!.definitions.find((d) => d.uuid === NEW)?.start).toBe('auto');
    expect(nextBoot(res.host)!.started).toContain(NEW);
    expect(res.findings.map((f) => f.code)).toContain('mdevctl-not-active');
  });

  it('active: the mdev is there now, with no definition, so the audit says it is lost at reboot', async () => {
    const { r, c } = await demo();
    const res = await r.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint, persist: 'active' });
    expect(res.ok).toBe(true);
    expect(res.host.mdevs.map((m) => m.uuid)).toContain(NEW);
    expect(res.host.persist!.definitions.map((d) => d.uuid)).not.toContain(NEW);
    expect(res.findings.find((f) => f.code === 'reboot-mdev-lost')?.mdevs).toEqual([NEW]);
  });

  it('both (the default here): now and after a reboot', async () => {
    const { r, c } = await demo();
    const res = await r.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint });
    expect(res.ok).toBe(true);
    expect(res.host.mdevs.map((m) => m.uuid)).toContain(NEW);
    expect(nextBoot(res.host)!.started).toContain(NEW);
  });

  it('an unknown mode is refused before anything runs', async () => {
    const { r, c } = await demo();
    await expect(
      r.applyPlan({ connectionId: c.connectionId, plan: GOOD_PLAN, fingerprint: c.host.fingerprint, persist: 'later' as never })
    ).rejects.toThrow(/persist must be one of active, persistent, both/);
  });
});
