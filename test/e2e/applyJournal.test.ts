/**
 * The app and an interrupted apply (issue 8 item 5): the page plans a queue
 * for Guest2 on a FUSE-mounted demo host; an apply of that very plan is then
 * interrupted on the host (SIGKILL after step 1, journal left behind). Apply
 * in the page says which steps landed and offers to finish it or roll it
 * back; "Finish it" runs the rest and the journal goes.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OpenApp } from '../helpers/browser';
import { interruptApply } from '../helpers/interruptedApply';
import { mountScenario, type SimMount } from '../helpers/simMount';
import { createLocalTransport } from '../../electron/transport/local';
import { shellLink } from '../../electron/transport/shellLink';
import { readHost } from '../../electron/engine/reader';
import { hostProjection, prefixProjections } from '../../electron/engine/landed';
import type { Plan } from '../../shared/plan/operations';
import { clickCellConfirmed, GUEST2, pickTarget, waitForHost, waitForVerdicts } from './flows';

let app: OpenApp;
let sim: SimMount;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'apmatrix-e2e-journal-'));
  sim = await mountScenario({ scenario: 'demo' });
  // the lock in scratch, so the journal is in scratch/apmatrix-journal (connections.ts)
  app = await openApp({ routerOptions: { apLock: path.join(scratch, 's390apconfig.lock') } });
  await waitForHost(app.page, /demo/);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await sim?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the apply dialog and an interrupted apply', { timeout: 120_000 }, () => {
  it('says which steps landed, offers to finish or roll back, and finishes it', async () => {
    const { page } = app;
    const journalDir = path.join(scratch, 'apmatrix-journal');
    await page.getByTestId('local-root').fill(sim.dir);
    await page.getByTestId('connect-local').click();
    await waitForHost(page, `local:${sim.dir}`);
    await pickTarget(page, GUEST2);
    // the cartesian product brings more queues along: the click shows its preview and is confirmed
    await clickCellConfirmed(page, 0x05, 0x01);
    const state = await waitForVerdicts(page, { moreThan: 1 });
    const plan: Plan = { title: 'from the page', operations: state.operations as unknown as Plan['operations'] };

    const link = shellLink(createLocalTransport(), { sysfsRoot: sim.dir, etcRoot: scratch, source: 'test' });
    const original = (await readHost(link)).host;
    await interruptApply({
      host: original,
      plan,
      landed: 1,
      mount: sim.dir,
      work: scratch,
      lock: path.join(scratch, 's390apconfig.lock'),
      journalDir
    });
    expect(readdirSync(journalDir)).toHaveLength(1);

    await page.getByTestId('apply').click();
    await page.getByTestId('apply-confirm').click();
    const result = page.getByTestId('apply-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toContain(`an apply of this plan was interrupted`);
    expect(await result.textContent()).toContain(`steps 1-1 of ${plan.operations.length} had landed`);
    await page.getByTestId('apply-undo-interrupted').waitFor();
    await app.shot('30-apply-interrupted');

    await page.getByTestId('apply-resume').click();
    await expect
      .poll(async () => (await result.textContent()) ?? '', { timeout: 60_000 })
      .toContain(`All ${plan.operations.length - 1} steps landed.`);
    expect(hostProjection((await readHost(link)).host)).toBe(prefixProjections(original, plan)[plan.operations.length]);
    expect(existsSync(journalDir) ? readdirSync(journalDir) : []).toEqual([]);
  });
});
