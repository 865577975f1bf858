/**
 * Issues 9.2 and 9.4 in Chromium through the real bridge, router and engine:
 * a click on a running guest's mdev shows its preview and waits for Enter;
 * counts speak of the LPAR's queues (positions outside it said apart); the
 * Side choice works for the host masks. The click preview is photographed
 * for the README.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_UUIDS } from '../../shared/kernel';
import { appForFile } from '../helpers/browser';
import { clickCell, dragCellsHeld, pickTarget, planState, waitForHost, waitForVerdicts } from './flows';

const app = appForFile();

describe('click previews and counts', { timeout: 90_000 }, () => {
  it('a click on a running guest’s mdev shows what it does and waits for Enter', async () => {
    const { page } = app;
    await waitForHost(page, /demo/);
    await pickTarget(page, DEMO_UUIDS.Guest1);
    await clickCell(page, 0x05, 0x02);
    const review = page.getByTestId('click-review');
    await expect.poll(() => review.textContent()).toMatch(/cartesian product brings in 1 more queue/);
    expect(await review.textContent()).toMatch(/Guest1 is running: it will see 2 queues appear while it runs/);
    expect(await page.getByTestId('preview-gained').textContent()).toBe('2');
    expect(await page.getByTestId('preview-dragged-in').textContent()).toBe('1');
    expect((await planState(page)).operations).toEqual([]);
    await app.shot('40-click-preview');
    await page.keyboard.press('Enter');
    const plan = await waitForVerdicts(page, { moreThan: 0 });
    expect(plan.operations).toContainEqual({ kind: 'assign-domain', uuid: DEMO_UUIDS.Guest1, id: 0x02 });
    await page.getByTestId('clear-plan').click();
    await waitForVerdicts(page, 0);
  });

  it('freeing 8 queues of the default host counts the LPAR’s queues, and says the positions outside apart', async () => {
    const { page } = app;
    await page.getByTestId('scenario-default').click();
    await waitForHost(page, 'demo:default');
    await page.getByTestId('target-picker').selectOption('host');
    await page.getByTestId('action-remove').click();
    await dragCellsHeld(page, [0x00, 0x00], [0x00, 0x07]);
    await page.mouse.up();
    // fewest losses frees adapter 00: its 16 queues in the LPAR, and 240 positions beyond
    await expect.poll(() => page.getByTestId('preview-lost').textContent()).toBe('16');
    expect(await page.getByTestId('preview-outside').textContent()).toMatch(/240 positions outside the LPAR/);
  });

  it('the Side choice works for the host masks: domains frees the 8 domains', async () => {
    const { page } = app;
    await page.getByTestId('side-picker').selectOption('domain');
    await expect.poll(() => page.getByTestId('preview-lost').textContent()).toBe('32');
    await page.getByTestId('commit-selection').click();
    const plan = await waitForVerdicts(page, { moreThan: 0 });
    expect(plan.operations).toEqual([{ kind: 'aqmask', set: [], clear: [0, 1, 2, 3, 4, 5, 6, 7] }]);
    await page.getByTestId('undo').click();
    await waitForVerdicts(page, 0);
    await dragCellsHeld(page, [0x00, 0x00], [0x00, 0x07]);
    await page.mouse.up();
    await page.getByTestId('side-picker').selectOption('adapter');
    await expect.poll(() => page.getByTestId('preview-lost').textContent()).toBe('16');
    await page.getByTestId('commit-selection').click();
    expect((await waitForVerdicts(page, { moreThan: 0 })).operations).toEqual([{ kind: 'apmask', set: [], clear: [0] }]);
    expect(app.errors).toEqual([]);
  });
});
