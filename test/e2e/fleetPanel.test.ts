/**
 * The fleet panel in Debian Chromium through the real bridge and router:
 * three demo hosts and an inventory host that is not an s390 machine are read
 * as rows (summary, matrix picture, or the reason), failover and cross-host
 * findings are listed, one host is re-read and one opened in the editor.
 * Screenshot: artifacts/screenshots/fleet-panel.png.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appForFile, openApp } from '../helpers/browser';
import { waitForHost } from './flows';

const dir = mkdtempSync(join(tmpdir(), 'apmx-fleet-e2e-'));
const inventory = join(dir, 'hosts.yml');
writeFileSync(
  inventory,
  `all:\n  children:\n    lab:\n      hosts:\n        workstation:\n          ansible_connection: local\n          apmatrix_sysfs_root: ${dir}\n`
);

const app = appForFile(() => openApp({ viewport: { width: 1440, height: 900 } }));

describe('the fleet panel', { timeout: 120_000 }, () => {
  it('reads demo hosts and an inventory host as rows, with failover and cross-host findings', async () => {
    const { page } = app;
    await waitForHost(page);
    await page.getByTestId('fleet-toggle').click();
    await page.getByTestId('fleet-inventory').fill(inventory);
    await page.getByTestId('fleet-read').click();
    await expect.poll(() => page.getByTestId('fleet-host').count()).toBe(4);
    const names = await page.getByTestId('fleet-host').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host')));
    expect(names).toEqual(['default', 'demo', 'legacy', 'workstation']);
    expect(await page.getByTestId('fleet-overview').count()).toBe(3);
    const demoRow = page.locator('[data-testid="fleet-host"][data-host="demo"]');
    // the demo host's own findings plus its five next-boot (reboot-*) warnings from its persistent configuration
    expect(await demoRow.getByTestId('fleet-findings').textContent()).toBe('1 error, 7 warnings, 1 info');
    expect(await demoRow.textContent()).toContain('Guest1');
    const failed = page.locator('[data-testid="fleet-host"][data-host="workstation"]');
    // the reader refuses a root without the AP bus, and says so in its own sentence
    const reason = (await failed.getByTestId('fleet-error').textContent()) ?? '';
    expect(reason).toMatch(/^Not read: not an s390 host with AP crypto: .*bus\/ap is missing/);
    expect(reason).toContain(dir);
    await expect.poll(() => page.getByTestId('fleet-failover-row').count()).toBe(2);
    expect(await page.getByTestId('fleet-failover-row').first().textContent()).toMatch(/Guest1demo4nowhere/);
    // two guests with nowhere to fail over to, and two hosts whose next boot differs (persistent configuration)
    const cross = await page.getByTestId('fleet-cross-finding').allTextContents();
    expect(cross.map((t) => /^\w+ ([\w-]+):/.exec(t)?.[1])).toEqual([
      'guest-no-failover',
      'guest-no-failover',
      'persist-differs',
      'persist-differs'
    ]);
    expect(cross.filter((t) => t.includes('persist-differs')).map((t) => t.split(':')[1]!.trim())).toEqual(['demo', 'legacy']);
    await app.shot('fleet-panel');
    expect(app.errors).toEqual([]);
  });

  it('re-reads one host, then opens another in the editor', async () => {
    const { page } = app;
    await page.locator('[data-testid="fleet-host"][data-host="legacy"]').getByTestId('fleet-reread').click();
    await expect.poll(() => page.getByTestId('fleet-status').textContent()).toBe('');
    expect(await page.getByTestId('fleet-host').count()).toBe(4);
    await page.locator('[data-testid="fleet-host"][data-host="legacy"]').getByTestId('fleet-open').click();
    await expect.poll(() => page.getByTestId('fleet-panel').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => window.__apmatrixTest?.hostSource() ?? null)).toBe('demo:legacy');
    expect(app.errors).toEqual([]);
  });
});
