/**
 * Issue 9.8 in Chromium through the real bridge, router and engine: plurals
 * and labels read as English, and an mdev without a name is shown once by its
 * UUID's distinguishing part (not "mdev 1b2670ad 1b2670ad (new)").
 */
import { describe, expect, it } from 'vitest';
import { appForFile } from '../helpers/browser';
import { clickCellConfirmed, newMdevOnDefault, waitForVerdicts } from './flows';

const app = appForFile();

describe('words', { timeout: 90_000 }, () => {
  it('a new mdev without a name is labelled once by its UUID', async () => {
    const { page } = app;
    await newMdevOnDefault(page);
    const uuid = await page.getByTestId('new-mdev-uuid').inputValue();
    await clickCellConfirmed(page, 0x02, 0x09);
    await waitForVerdicts(page, { moreThan: 0 });
    expect(await page.locator('[data-testid=target-picker] option:checked').textContent()).toBe(`mdev ${uuid.slice(0, 8)} (new)`);
  });

  it('the exported script names the plan once, with its count in English', async () => {
    const { page } = app;
    const n = (await waitForVerdicts(page, { moreThan: 0 })).operations.length;
    await page.getByTestId('export').click();
    await expect.poll(() => page.getByTestId('export-text').inputValue(), { timeout: 20_000 }).toMatch(/# AP Matrix plan: /);
    const text = await page.getByTestId('export-text').inputValue();
    expect(text).toContain(`# AP Matrix plan: ${n} operations for demo:default`);
    expect(text).not.toMatch(/AP Matrix plan: AP Matrix plan/);
  });

  it('one queue is "1 queue"', async () => {
    const { page } = app;
    await page.getByTestId('tab-queues').click();
    await page.getByTestId('queue-filter').fill('02.0009');
    await expect.poll(() => page.locator('.tab-body').textContent()).toMatch(/\b1 queue(?!s)/);
    expect(await page.locator('.tab-body').textContent()).not.toMatch(/\b1 queues\b/);
    expect(app.errors).toEqual([]);
  });
});
