/**
 * The apply dialog shows the persistent part of the result: a local sysfs root
 * (the demo model FUSE-mounted) with its persistent /etc given at connect, a
 * plan applied "both", and the result line saying how many persistent changes
 * (udev rule, mdevctl definitions) were written, as the engine reported them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OpenApp } from '../helpers/browser';
import { mountScenario, type SimMount } from '../helpers/simMount';
import { clickCellConfirmed, GUEST2, pickTarget, waitForHost, waitForVerdicts } from './flows';

let app: OpenApp;
let sim: SimMount;
let etc: string;

beforeAll(async () => {
  etc = join(mkdtempSync(join(tmpdir(), 'apmx-e2e-persist-')), 'etc');
  sim = await mountScenario({ scenario: 'demo', etc });
  app = await openApp();
  await waitForHost(app.page, /demo/);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await sim?.stop();
});

describe('apply with the persistent configuration', { timeout: 120_000 }, () => {
  it('the result says how many persistent changes were written', async () => {
    const { page } = app;
    await page.getByTestId('local-root').fill(sim.dir);
    await page.getByTestId('local-etc-root').fill(etc);
    await page.getByTestId('connect-local').click();
    expect(await waitForHost(page, `local:${sim.dir}`)).toBe(`local:${sim.dir}`);
    await pickTarget(page, GUEST2);
    await clickCellConfirmed(page, 0x05, 0x01);
    await waitForVerdicts(page, { moreThan: 0 });
    await page.getByTestId('apply').click();
    await page.getByTestId('persist-both').check();
    await page.getByTestId('apply-confirm').click();
    const result = page.getByTestId('apply-result');
    await result.waitFor({ timeout: 60_000 });
    const line = (await page.getByTestId('apply-persistent').textContent({ timeout: 5_000 })) ?? '';
    const m = /^Persistent changes: (\d+) of (\d+) written\.$/.exec(line);
    expect(m, `${line} / ${await result.textContent()}`).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]));
    expect(Number(m![2])).toBeGreaterThan(0);
    expect(app.errors).toEqual([]);
  });
});
