/**
 * Page-level steps shared by the end-to-end tests, phrased as a user acts:
 * wait for the host, pick a target, click or drag cells, wait for the
 * verdicts. Coordinates come from the renderer's test hook
 * (window.__apmatrixTest.cellToClient), everything else from data-testids.
 */
import type { Page } from 'playwright-core';
import { cellPoint } from '../helpers/browser';

export const GUEST2 = 'cef03c3c-903d-4ecc-9a83-40694cb8aee4';
export const LEGACY_GUEST1 = '8d4e3a52-5f7e-4c1b-9a0e-2b7c1d6e4f01';

interface TestHook {
  ready(): boolean;
  hostSource(): string | null;
  selection(): { cells: number[]; previewCells: number[]; gained: number[]; lost: number[]; draggedIn: number[] };
  plan(): {
    operations: Array<Record<string, unknown>>;
    verdicts: Array<{ errno: string | null; message: string }> | null;
    undo: number;
    redo: number;
    validating: boolean;
  };
}

/** Waits until a host is shown (optionally a given source, e.g. `local:/tmp/x`). */
export async function waitForHost(page: Page, source?: string | RegExp): Promise<string> {
  await page.waitForFunction(() => (window as unknown as { __apmatrixTest?: TestHook }).__apmatrixTest?.ready() === true, null, {
    timeout: 30_000
  });
  if (source !== undefined) {
    await page.waitForFunction(
      ([s, isRe]) => {
        const src = (window as unknown as { __apmatrixTest: TestHook }).__apmatrixTest.hostSource() ?? '';
        return isRe ? new RegExp(s).test(src) : src === s;
      },
      [source instanceof RegExp ? source.source : source, source instanceof RegExp] as const,
      { timeout: 30_000 }
    );
  }
  return (await page.evaluate(() => (window as unknown as { __apmatrixTest: TestHook }).__apmatrixTest.hostSource())) ?? '';
}

export function selection(page: Page) {
  return page.evaluate(() => (window as unknown as { __apmatrixTest: TestHook }).__apmatrixTest.selection());
}

export function planState(page: Page) {
  return page.evaluate(() => (window as unknown as { __apmatrixTest: TestHook }).__apmatrixTest.plan());
}

/**
 * Waits until the plan has settled and the main process has judged every
 * operation: exactly `count` operations, or any number above the plan's
 * previous size when `count` is `{ moreThan: n }`.
 */
export async function waitForVerdicts(page: Page, count: number | { moreThan: number }) {
  await page.waitForFunction(
    ([exact, moreThan]) => {
      const p = (window as unknown as { __apmatrixTest: TestHook }).__apmatrixTest.plan();
      const n = p.operations.length;
      const sizeOk = exact >= 0 ? n === exact : n > moreThan;
      return sizeOk && !p.validating && (n === 0 || (p.verdicts !== null && p.verdicts.length === n));
    },
    typeof count === 'number' ? ([count, -1] as const) : ([-1, count.moreThan] as const),
    { timeout: 30_000 }
  );
  return planState(page);
}

/** The operations of kind `kind` (assign-domain, ...) aimed at mdev `uuid`, as ids. */
export function idsOf(plan: { operations: Array<Record<string, unknown>> }, kind: string, uuid: string): number[] {
  return plan.operations.filter((op) => op.kind === kind && op.uuid === uuid).map((op) => op.id as number);
}

/** Opens the `default` host once a host is shown, and picks "New mdev…" as the target of the edits. */
export async function newMdevOnDefault(page: Page): Promise<void> {
  await waitForHost(page);
  await page.getByTestId('scenario-default').click();
  await waitForHost(page, 'demo:default');
  await page.getByTestId('target-picker').selectOption('new');
}

export async function pickTarget(page: Page, uuid: string): Promise<void> {
  await page.getByTestId('target-picker').selectOption(uuid);
}

export async function clickCell(page: Page, adapter: number, domain: number): Promise<void> {
  const p = await cellPoint(page, adapter, domain);
  await page.mouse.click(p.x, p.y);
}

/** Clicks a cell whose change reaches beyond it, and confirms the preview it shows ("Add to plan"). */
export async function clickCellConfirmed(page: Page, adapter: number, domain: number): Promise<void> {
  await clickCell(page, adapter, domain);
  await page.getByTestId('click-review').waitFor();
  await page.getByTestId('commit-selection').click();
}

/** Presses on one cell, moves in steps to the other, keeps the button down (to look at the preview). */
export async function dragCellsHeld(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await cellPoint(page, from[0], from[1]);
  const b = await cellPoint(page, to[0], to[1]);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 8 });
}

/** The cell ids (adapter * 256 + domain) of `AA.DDDD` strings. */
export function cells(...apqns: string[]): number[] {
  return apqns.map((q) => {
    const [a, d] = q.split('.');
    return parseInt(a!, 16) * 256 + parseInt(d!, 16);
  });
}
