/**
 * Issue 9.3 in Chromium through the real bridge, router and engine, on a
 * FUSE-mounted demo host that bash changes behind the app's back: a plan
 * survives a page reload; a re-read keeps it and marks the step whose verdict
 * changed; a drift refusal keeps it and shows what changed; it is saved to
 * and opened from a file in the command line's JSON; switching host asks
 * first, and the plan comes back with its host.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_UUIDS } from '../../shared/kernel';
import { appForFile, openApp } from '../helpers/browser';
import { bash, mountScenario, type SimMount } from '../helpers/simMount';
import { clickCellConfirmed, GUEST2, pickTarget, planState, waitForHost, waitForVerdicts } from './flows';

let sim: SimMount;

async function sh(script: string): Promise<void> {
  const r = await bash(script, { cwd: sim.dir });
  if (r.code !== 0) throw new Error(`bash failed: ${r.stderr}`);
}

const app = appForFile(
  async () => {
    sim = await mountScenario({ scenario: 'demo' });
    const a = await openApp();
    await waitForHost(a.page, /demo/);
    return a;
  },
  async () => sim?.stop()
);

describe('plans are never lost', { timeout: 90_000 }, () => {
  let planned: Array<Record<string, unknown>> = [];

  it('a plan survives a reload of the page', async () => {
    const { page } = app;
    await page.getByTestId('local-root').fill(sim.dir);
    await page.getByTestId('connect-local').click();
    await waitForHost(page, `local:${sim.dir}`);
    await pickTarget(page, GUEST2);
    await clickCellConfirmed(page, 0x05, 0x01);
    planned = (await waitForVerdicts(page, { moreThan: 0 })).operations;
    await page.reload();
    await waitForHost(page, `local:${sim.dir}`);
    const back = await waitForVerdicts(page, planned.length);
    expect(back.operations).toEqual(planned);
    expect(back.verdicts!.every((v) => v.errno === null)).toBe(true);
  });

  it('a re-read keeps the plan, judges it again and marks the step whose verdict changed', async () => {
    const { page } = app;
    // behind the app's back: domain 01 freed and given to Guest1, which shares adapter 05 with the plan
    await sh(`echo -0x01 > bus/ap/aqmask && echo 0x01 > devices/vfio_ap/matrix/${DEMO_UUIDS.Guest1}/assign_domain`);
    await page.getByTestId('reread').click();
    await expect.poll(() => page.getByTestId('host-change').textContent()).toMatch(/mdev (Guest1|62177883): domains \+0001/);
    const plan = await planState(page);
    expect(plan.operations).toEqual(planned);
    expect(plan.verdicts!.some((v) => v.errno === 'EADDRINUSE')).toBe(true);
    await page.getByTestId('tab-plan').click();
    expect(await page.getByTestId('op-changed').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('host-change').textContent()).toMatch(/changed verdict/);
  });

  it('after a drift refusal the plan stays, with what changed shown', async () => {
    const { page } = app;
    await page.getByTestId('clear-plan').click();
    await waitForVerdicts(page, 0);
    await pickTarget(page, GUEST2);
    await clickCellConfirmed(page, 0x05, 0x02);
    planned = (await waitForVerdicts(page, { moreThan: 0 })).operations;
    await sh(`echo 0x10 > devices/vfio_ap/matrix/${DEMO_UUIDS.Guest3}/assign_control_domain`);
    await page.getByTestId('apply').click();
    await page.getByTestId('apply-confirm').click();
    await expect.poll(() => page.getByTestId('apply-result').textContent(), { timeout: 30_000 }).toMatch(/changed since/);
    await page.getByTestId('apply-close').click();
    expect((await planState(page)).operations).toEqual(planned);
    await page.getByTestId('tab-plan').click();
    await expect.poll(() => page.getByTestId('host-change').textContent()).toMatch(/Nothing was applied/);
    expect(await page.getByTestId('host-change').textContent()).toMatch(/mdev (Guest3|0fe903a0): control domains \+0010/);
  });

  it('saves the plan as the command line’s JSON, pinned to the host state, and opens it again', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-save').click()]);
    const file = await download.path();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.operations).toEqual(planned);
    expect(saved.fingerprint).toMatch(/\S/);
    expect(saved.title).toMatch(/operations? for local:/);
    await page.getByTestId('clear-plan').click();
    await waitForVerdicts(page, 0);
    await page.getByTestId('plan-open-input').setInputFiles(file);
    const opened = await waitForVerdicts(page, planned.length);
    expect(opened.operations).toEqual(planned);
    await expect.poll(() => page.getByTestId('plan-file-message').textContent()).toMatch(/made on this state of the host/);
  });

  it('switching host asks first; the plan stays with its host and comes back with it', async () => {
    const { page } = app;
    await page.getByTestId('scenario-default').click();
    await page.getByTestId('switch-prompt').waitFor();
    await page.getByTestId('switch-stay').click();
    expect(await waitForHost(page)).toBe(`local:${sim.dir}`);
    expect((await planState(page)).operations).toEqual(planned);
    await page.getByTestId('scenario-default').click();
    await page.getByTestId('switch-go').click();
    await waitForHost(page, 'demo:default');
    expect((await planState(page)).operations).toEqual([]);
    await page.getByTestId('local-root').fill(sim.dir);
    await page.getByTestId('connect-local').click();
    await waitForHost(page, `local:${sim.dir}`);
    expect((await waitForVerdicts(page, planned.length)).operations).toEqual(planned);
    expect(app.errors).toEqual([]);
  });
});
