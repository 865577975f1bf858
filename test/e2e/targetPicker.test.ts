/**
 * Issue 9.1 in Chromium through the real bridge, router and engine: the target
 * picker shows the target the edits go to. On `default`, "New mdev…" with a
 * typed name, a click on 02.0009 and one on 03.000c both go to that mdev and
 * the picker names it (marked "(new)" until applied); after apply the mark is
 * gone; the edit mode resets to Assign when the target changes.
 */
import { describe, expect, it } from 'vitest';
import { appForFile } from '../helpers/browser';
import { clickCell, newMdevOnDefault, planState, waitForVerdicts } from './flows';

const app = appForFile();

const picked = () => app.page.locator('[data-testid=target-picker] option:checked').textContent();

describe('the target picker on the default host', { timeout: 90_000 }, () => {
  let uuid = '';

  it('a new mdev gets a typed name and a generated UUID that can be kept', async () => {
    const { page } = app;
    await newMdevOnDefault(page);
    await page.getByTestId('new-mdev-name').fill('web1');
    uuid = await page.getByTestId('new-mdev-uuid').inputValue();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await page.getByTestId('action-add').getAttribute('aria-checked')).toBe('true');
  });

  it('after the first click the picker still shows the new mdev, named, and the next click goes to it', async () => {
    const { page } = app;
    await clickCell(page, 0x02, 0x09);
    await page.getByTestId('click-review').waitFor();
    await page.getByTestId('commit-selection').click();
    const first = await waitForVerdicts(page, { moreThan: 0 });
    expect(first.operations[0]).toEqual({ kind: 'create-mdev', uuid });
    expect(await page.getByTestId('target-picker').inputValue()).toBe(uuid);
    expect(await picked()).toMatch(/web1.*\(new\)/);
    expect(await picked()).not.toMatch(/Host masks/);
    await clickCell(page, 0x03, 0x0c);
    // the product brings 02.000c and 03.0009 along: shown, not done silently
    await expect.poll(() => page.getByTestId('click-review').textContent()).toMatch(/cartesian product/);
    expect((await planState(page)).operations.length).toBe(first.operations.length);
    await page.getByTestId('commit-selection').click();
    const second = await waitForVerdicts(page, { moreThan: first.operations.length });
    const added = second.operations.slice(first.operations.length);
    expect(added.every((op) => op.kind === 'apmask' || op.kind === 'aqmask' || op.uuid === uuid)).toBe(true);
    expect(added).toContainEqual({ kind: 'assign-adapter', uuid, id: 0x03 });
    expect(second.verdicts!.every((v) => v.errno === null)).toBe(true);
    expect(await page.getByTestId('target-picker').inputValue()).toBe(uuid);
  });

  it('loses "(new)" once applied, and keeps its name', async () => {
    const { page } = app;
    await page.getByTestId('apply').click();
    await page.getByTestId('apply-confirm').click();
    await expect.poll(() => page.getByTestId('apply-result').textContent(), { timeout: 30_000 }).toMatch(/landed/);
    await page.getByTestId('apply-close').click();
    await expect.poll(() => page.getByTestId('target-picker').inputValue()).toBe(uuid);
    await expect.poll(picked).toMatch(/web1/);
    expect(await picked()).not.toMatch(/\(new\)/);
    expect(await page.getByTestId('new-mdev-name').count()).toBe(0);
  });

  it('the edit mode resets to Assign when the target changes to another mdev', async () => {
    const { page } = app;
    await page.getByTestId('action-remove').click();
    expect(await page.getByTestId('action-remove').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('target-picker').selectOption('new');
    expect(await page.getByTestId('action-add').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('target-picker').selectOption('host');
    // on the host masks the usual first job is freeing queues for guests
    expect(await page.getByTestId('action-remove').textContent()).toMatch(/Free for guests/);
    expect(await page.getByTestId('action-remove').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('target-picker').selectOption(uuid);
    expect(await page.getByTestId('action-add').getAttribute('aria-checked')).toBe('true');
  });

  it('a pasted UUID replaces the generated one; a malformed one is refused with a reason', async () => {
    const { page } = app;
    const pasted = '0badc0de-1111-4222-8333-444455556666';
    await page.getByTestId('target-picker').selectOption('new');
    await page.getByTestId('new-mdev-name').fill('db2');
    await page.getByTestId('new-mdev-uuid').fill('not-a-uuid');
    await page.getByTestId('new-mdev-uuid').press('Enter');
    await expect.poll(() => page.getByTestId('refusals').textContent()).toMatch(/not a UUID/);
    await page.getByTestId('new-mdev-uuid').fill(pasted);
    await page.getByTestId('new-mdev-uuid').press('Enter');
    await expect.poll(() => page.getByTestId('target-picker').inputValue()).toBe(pasted);
    await clickCell(page, 0x01, 0x03);
    await page.getByTestId('click-review').waitFor();
    await page.getByTestId('commit-selection').click();
    const plan = await waitForVerdicts(page, { moreThan: 0 });
    expect(plan.operations[0]).toEqual({ kind: 'create-mdev', uuid: pasted });
    expect(await picked()).toMatch(/db2.*\(new\)/);
    expect(app.errors).toEqual([]);
  });
});
