/**
 * Editing the demo host in Debian Chromium through the real bridge, router
 * and engine: the host opens by itself, a click gives a queue to Guest2, a
 * drag previews gained and dragged-in queues, undo takes an edit back, an
 * audit finding lands on its cells, and every main view is photographed
 * into artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { appForFile, cellPoint } from '../helpers/browser';
import { cells, clickCell, dragCellsHeld, GUEST2, idsOf, pickTarget, planState, selection, waitForHost, waitForVerdicts } from './flows';

const app = appForFile();

// a loaded CI machine runs every tier at once: page waits get room
describe('the demo host in the browser mode', { timeout: 90_000 }, () => {
  it('opens on the demo host and reads it', async () => {
    const { page } = app;
    expect(await waitForHost(page)).toMatch(/demo/);
    await expect.poll(() => page.getByTestId('connect-status').textContent()).toMatch(/Connected/);
    expect(await page.getByTestId('scenario-demo').isVisible()).toBe(true);
    expect(await page.getByTestId('grid-canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('tab-mdevs').click();
    await expect.poll(() => page.getByTestId('mdev-row').count()).toBe(3);
    await app.shot('01-demo-host');
  });

  it('a click on 05.0001 gives Guest2 the queue: one edit, judged by the kernel model', async () => {
    const { page } = app;
    await pickTarget(page, GUEST2);
    await clickCell(page, 0x05, 0x01);
    // the cartesian product brings 01.0001 along: the click shows its preview and waits
    await expect.poll(() => page.getByTestId('click-review').textContent()).toMatch(/cartesian product brings in 1 more queue/);
    await page.getByTestId('commit-selection').click();
    const plan = await waitForVerdicts(page, { moreThan: 0 });
    expect(idsOf(plan, 'assign-domain', GUEST2)).toEqual([0x01]);
    expect(plan.verdicts!.every((v) => v.errno === null)).toBe(true);
    expect(plan.undo).toBe(1);
    await page.getByTestId('tab-plan').click();
    await expect.poll(() => page.getByTestId('plan-op').count()).toBe(plan.operations.length);
    expect(await page.getByTestId('op-verdict').first().textContent()).toMatch(/ok/);
    await app.shot('02-click-plan');
  });

  let opsAfterClick = 0;
  it('a drag over 05.0005-05.0007 previews the gained and the dragged-in queues', async () => {
    const { page } = app;
    opsAfterClick = (await planState(page)).operations.length;
    await dragCellsHeld(page, [0x05, 0x05], [0x05, 0x07]);
    await expect.poll(async () => (await selection(page)).previewCells.length).toBe(3);
    await app.shot('03-drag-preview');
    await page.mouse.up();
    await expect.poll(async () => (await selection(page)).cells.length).toBe(3);
    const sel = await selection(page);
    expect(sel.gained.sort()).toEqual(cells('01.0005', '01.0006', '01.0007', '05.0005', '05.0006', '05.0007').sort());
    expect(sel.draggedIn.sort()).toEqual(cells('01.0005', '01.0006', '01.0007').sort());
    expect(await page.getByTestId('preview-gained').textContent()).toBe('6');
    expect(await page.getByTestId('preview-dragged-in').textContent()).toBe('3');
    expect(await page.getByTestId('preview-lost').textContent()).toBe('0');
    await app.shot('04-selection-preview');
    await page.getByTestId('commit-selection').click();
    const plan = await waitForVerdicts(page, { moreThan: opsAfterClick });
    expect(idsOf(plan, 'assign-domain', GUEST2).sort()).toEqual([0x01, 0x05, 0x06, 0x07]);
    expect(plan.undo).toBe(2);
    await app.shot('05-plan-two-edits');
  });

  it('undo takes the drag back and leaves the click; redo brings it again', async () => {
    const { page } = app;
    await page.getByTestId('undo').click();
    let plan = await waitForVerdicts(page, opsAfterClick);
    expect(idsOf(plan, 'assign-domain', GUEST2)).toEqual([0x01]);
    expect([plan.undo, plan.redo]).toEqual([1, 1]);
    await expect.poll(() => page.getByTestId('plan-op').count()).toBe(opsAfterClick);
    await page.getByTestId('redo').click();
    plan = await waitForVerdicts(page, { moreThan: opsAfterClick });
    expect(idsOf(plan, 'assign-domain', GUEST2).sort()).toEqual([0x01, 0x05, 0x06, 0x07]);
    // keyboard undo too
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    plan = await waitForVerdicts(page, opsAfterClick);
    expect(plan.redo).toBe(1);
  });

  it('a click on an audit finding selects its cells', async () => {
    const { page } = app;
    await page.getByTestId('tab-findings').click();
    // the demo's planted problem P1: 01.000e is in Guest2 but the host owns it
    const row = page.getByTestId('finding').filter({ hasText: 'mdev-queue-host-owned' });
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/01\.000e/);
    await row.click();
    await expect.poll(async () => (await selection(page)).cells).toEqual(cells('01.000e'));
    expect(await page.getByTestId('target-picker').inputValue()).toBe(GUEST2);
    // the cell is on screen where the selection is drawn
    const p = await cellPoint(page, 0x01, 0x0e);
    const box = (await page.getByTestId('grid-canvas').first().boundingBox())!;
    expect(p.x).toBeGreaterThan(box.x);
    expect(p.y).toBeGreaterThan(box.y);
    await app.shot('06-finding-selected');
  });

  it('shows the export and the other views', async () => {
    const { page } = app;
    await page.getByTestId('tab-export').click();
    await expect.poll(() => page.getByTestId('export-text').inputValue(), { timeout: 20_000 }).toMatch(/#!\/bin\/sh|SYSFS_ROOT/);
    await app.shot('07-export-sh');
    await page.getByTestId('export-format').selectOption('libvirt');
    await expect.poll(() => page.getByTestId('export-text').inputValue(), { timeout: 20_000 }).toMatch(/<device>|<capability/);
    await app.shot('08-export-libvirt');
    await page.getByTestId('tab-queues').click();
    await app.shot('09-queues');
    await page.getByTestId('view-side').click();
    await app.shot('10-side-by-side');
    await page.getByTestId('view-stacked').click();
    const p = await cellPoint(page, 0x05, 0x47);
    await page.mouse.move(p.x, p.y);
    await page.getByTestId('hover-card').waitFor();
    await expect.poll(() => page.getByTestId('hover-card').textContent()).toMatch(/05\.0047/);
    await app.shot('11-hover-card');
    // a queue the plan changes: the card keeps "now" and "with the plan" apart
    // (01.000e is the host's now; the plan frees domain 0x0e and Guest2 holds adapter 01)
    const q = await cellPoint(page, 0x01, 0x0e);
    await page.mouse.move(q.x, q.y);
    await expect.poll(() => page.getByTestId('hover-card').textContent()).toMatch(/01\.000e.*cex4queue/);
    await expect.poll(() => page.getByTestId('hover-planned').textContent()).toMatch(/Guest2/);
    await app.shot('11b-hover-card-planned');
    await page.getByTestId('theme-toggle').click();
    await app.shot('12-dark-theme');
    expect(app.errors).toEqual([]);
  });
});
