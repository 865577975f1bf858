/**
 * The "after reboot" view on the demo host in Debian Chromium through the
 * bridge: the planted persistent problem Q1 (a stale 41-ap.rules) shows as
 * reboot findings, and the side-by-side "now | after reboot" pictures differ
 * exactly where a reboot changes an owner (outlined). Photographed into
 * artifacts/screenshots/.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appForFile, openApp } from '../helpers/browser';
import { mountScenario, type SimMount } from '../helpers/simMount';
import { selection, waitForHost } from './flows';

let sim: SimMount | undefined;

const app = appForFile(
  () => openApp({ viewport: { width: 1600, height: 1000 } }),
  async () => sim?.stop()
);

describe('after reboot on the demo host', { timeout: 90_000 }, () => {
  it('lists the reboot findings of the stale udev rule and shows now | after reboot side by side', async () => {
    const { page } = app;
    expect(await waitForHost(page)).toMatch(/demo/);
    const panel = page.getByTestId('after-reboot');
    await expect
      .poll(() => panel.getByTestId('reboot-summary').textContent())
      .toMatch(/Masks from udev rule; 1 mdev started, 2 refused; \d+ queues change owner\./);
    const findings = await panel.getByTestId('reboot-findings').textContent();
    expect(findings).toContain('apmask (udev rule in /etc/udev/rules.d/41-ap.rules) gives adapter 06 back to the host');
    expect(findings).toContain(
      'Guest1 (mdev 62177883-f1bb-47f0-914d-32a22e3a8804) would lose 05.0004, 05.00ab, 06.0004 and 06.00ab after a reboot'
    );
    expect(findings).toContain('assign_domain 0x00ab is refused with EADDRNOTAVAIL');

    // a reboot finding selects its queues on the grid, like the Findings tab
    await panel.getByTestId('reboot-finding').filter({ hasText: 'Guest1 (mdev' }).click();
    await expect.poll(async () => (await selection(page)).cells.slice().sort((a, b) => a - b)).toEqual([0x0504, 0x05ab, 0x0604, 0x06ab]);

    await page.getByTestId('reboot-compare').click();
    const view = page.getByTestId('reboot-compare-view');
    expect(await view.isVisible()).toBe(true);
    // both pictures are painted; they differ (Guest1's and Guest2's queues, 06 and 00ab back to the host)
    const pixels = await page.evaluate(() => {
      const read = (id: string) => {
        const c = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let red = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] === 230 && d[i + 1] === 40 && d[i + 2] === 60) red++;
        return { w: c.width, h: c.height, red, sum: Array.from(d).reduce((a, b) => (a * 31 + b) >>> 0, 7) };
      };
      return { now: read('reboot-canvas-now'), after: read('reboot-canvas-after') };
    });
    expect(pixels.now.w).toBeGreaterThan(50);
    expect(pixels.after).toMatchObject({ w: pixels.now.w, h: pixels.now.h });
    expect(pixels.now.red).toBe(0);
    expect(pixels.after.red).toBeGreaterThan(0);
    expect(pixels.after.sum).not.toBe(pixels.now.sum);
    await app.shot('after-reboot-demo');
    // the after-reboot layer alone, larger
    await page.getByTestId('reboot-layout-layer').click();
    await expect.poll(() => page.getByTestId('reboot-canvas-now').count()).toBe(0);
    const layerWidth = await page.evaluate(
      () => (document.querySelector('[data-testid="reboot-canvas-after"]') as HTMLCanvasElement).width
    );
    expect(layerWidth).toBeGreaterThan(pixels.after.w);
    await app.shot('after-reboot-layer-demo');
    expect(app.errors).toEqual([]);
  });

  it('a local sysfs root with the persistent /etc given in the connect panel: the fixed rule leaves only P1 at the next boot', async () => {
    const { page } = app;
    const etc = join(mkdtempSync(join(tmpdir(), 'apmx-e2e-etc-')), 'etc');
    sim = await mountScenario({ scenario: 'demo', etc });
    // fix Q1: the rule chzdev would write for the active masks
    const rule = join(etc, 'udev/rules.d/41-ap.rules');
    writeFileSync(
      rule,
      readFileSync(rule, 'utf8')
        .replace(/apmask}="0x[0-9a-f]+"/, 'apmask}="0xf9fffffffffffffeffffffffffffffffffffffffffffffffffffffffffffffff"')
        .replace(/aqmask}="0x[0-9a-f]+"/, 'aqmask}="0xf7fffffffffffffffeffffffffffffffffffffffffeffffffffffffffffffffe"')
    );
    await page.getByTestId('reboot-compare').click(); // close the compare view
    await page.getByTestId('local-root').fill(sim.dir);
    await page.getByTestId('local-etc-root').fill(etc);
    await page.getByTestId('connect-local').click();
    expect(await waitForHost(page, `local:${sim.dir}`)).toBe(`local:${sim.dir}`);
    const panel = page.getByTestId('after-reboot');
    await expect
      .poll(() => panel.getByTestId('reboot-summary').textContent())
      .toMatch(/Masks from udev rule; 2 mdevs started, 1 refused; \d+ queues change owner\./);
    const findings = (await panel.getByTestId('reboot-findings').textContent()) ?? '';
    expect(findings).toContain('(Guest2) fails to start: assign_domain 0x000e');
    expect(findings).not.toContain('Guest1 (mdev');
    await app.shot('after-reboot-local-etc');
  });
});
