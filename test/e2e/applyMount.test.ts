/**
 * Apply and export against real files: the demo kernel model FUSE-mounted
 * twice (test/helpers/simMount). The page connects to the first mount as a
 * local sysfs root, plans a queue for Guest2, exports the shell script,
 * applies, and sees the new state read back; then bash runs the exported
 * script against the second mount, and both mounts end up the same.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OpenApp } from '../helpers/browser';
import { bash, mountScenario, type SimMount } from '../helpers/simMount';
import { clickCellConfirmed, GUEST2, pickTarget, waitForHost, waitForVerdicts } from './flows';

let app: OpenApp;
let first: SimMount;
let second: SimMount;
let scratch: string;
/** every frame the bridge's WebSocket sent to the page */
const frames: Array<{ type: string; payload: { step: number; total: number; state: string } }> = [];

/** What a plan can change, read from a mount with bash: masks and every mdev's matrix. */
async function picture(dir: string): Promise<string> {
  const r = await bash(
    'cat bus/ap/apmask bus/ap/aqmask; for m in devices/vfio_ap/matrix/*-*; do echo "== ${m##*/}"; cat "$m/matrix" "$m/control_domains"; done',
    { cwd: dir }
  );
  if (r.code !== 0) throw new Error(`reading ${dir} failed: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'apmatrix-e2e-apply-'));
  [first, second] = await Promise.all([mountScenario({ scenario: 'demo' }), mountScenario({ scenario: 'demo' })]);
  app = await openApp();
  await waitForHost(app.page, /demo/);
  // the page opens its events socket at its first connect (its presence for the
  // bridge): listen, then load once more so that socket is seen from its start
  app.page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(JSON.parse(String(f.payload)))));
  await app.page.reload();
  await waitForHost(app.page, /demo/);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([first?.stop(), second?.stop()]);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// a loaded CI machine runs every tier at once: page waits get room
describe('apply and export on a FUSE-mounted demo host', { timeout: 90_000 }, () => {
  let script = '';
  let planned = 0;

  it('connects to the mount as a local sysfs root', async () => {
    const { page } = app;
    await page.getByTestId('local-root').fill(first.dir);
    await page.getByTestId('connect-local').click();
    expect(await waitForHost(page, `local:${first.dir}`)).toBe(`local:${first.dir}`);
    await app.shot('20-local-mount');
  });

  it('plans 05.0001 for Guest2 and exports the script', async () => {
    const { page } = app;
    expect(await picture(first.dir)).toBe(await picture(second.dir));
    await pickTarget(page, GUEST2);
    await clickCellConfirmed(page, 0x05, 0x01);
    const plan = await waitForVerdicts(page, { moreThan: 0 });
    expect(plan.verdicts!.map((v) => v.errno)).toEqual(plan.operations.map(() => null));
    planned = plan.operations.length;
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-format').selectOption('sh');
    await expect.poll(() => page.getByTestId('export-text').inputValue(), { timeout: 20_000 }).toMatch(/assign_domain/);
    script = await page.getByTestId('export-text').inputValue();
    await page.getByTestId('export-save').click();
  });

  it('applies, with progress, and shows the state read back from the mount', async () => {
    const { page } = app;
    await page.getByTestId('apply').click();
    await page.getByTestId('apply-confirm').waitFor();
    await app.shot('21-apply-confirm');
    await page.getByTestId('apply-confirm').click();
    const result = page.getByTestId('apply-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toContain(`All ${planned} steps landed.`);
    // progress came over the bridge's WebSocket: each step ended ok
    const done = frames.filter((f) => f.type === 'apply-progress' && f.payload.state === 'ok').map((f) => f.payload.step);
    expect([...new Set(done)].sort()).toEqual(Array.from({ length: planned }, (_, i) => i + 1));
    await app.shot('22-apply-result');
    // the files say so
    const matrix = await bash(`cat devices/vfio_ap/matrix/${GUEST2}/matrix`, { cwd: first.dir });
    expect(matrix.stdout.split('\n')).toContain('05.0001');
    // and the page shows what it read back: the plan is done, Guest2 holds 05.0001
    await page.getByTestId('apply-close').click();
    await page.getByTestId('tab-queues').click();
    await expect.poll(() => page.getByTestId('queue-row').filter({ hasText: '05.0001' }).first().textContent()).toMatch(/Guest2|cef03c3c/);
  });

  it('runs the exported script with bash on the second mount to the same result', async () => {
    expect(script).not.toBe('');
    const file = path.join(scratch, 'plan.sh');
    writeFileSync(file, script);
    const run = await bash(
      `SYSFS_ROOT='${second.dir}' bash '${file}' --lock '${path.join(scratch, 'lock')}' --journal-dir '${path.join(scratch, 'journal')}'`,
      { timeoutMs: 60_000 }
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await picture(second.dir)).toBe(await picture(first.dir));
  });

  it('saved the export into the downloads folder', async () => {
    const r = await bash(`ls '${app.downloadsDir}'`);
    expect(r.stdout).toMatch(/\.sh/);
  });
});
