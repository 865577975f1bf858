/**
 * Failures reach the user as sentences: an SSH host that does not answer,
 * and an EBUSY from a 5.15 (`legacy`) kernel, which refuses any assignment
 * while the guest runs (reference §1 era E1).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OpenApp } from '../helpers/browser';
import { clickCell, LEGACY_GUEST1, pickTarget, planState, waitForHost } from './flows';

let app: OpenApp;
let home: string;

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'apmatrix-e2e-home-'));
  mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
  const port = await closedPort();
  writeFileSync(path.join(home, '.ssh', 'config'), `Host deadhost\n  HostName 127.0.0.1\n  Port ${port}\n  User root\n`);
  writeFileSync(path.join(home, '.ssh', 'known_hosts'), '');
  app = await openApp({
    routerOptions: {
      homeDir: home,
      sshConfigPath: path.join(home, '.ssh', 'config'),
      knownHostsPath: path.join(home, '.ssh', 'known_hosts'),
      agentSocket: null
    }
  });
  await waitForHost(app.page, /demo/);
}, 180_000);

afterAll(async () => {
  await app?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

// a loaded CI machine runs every tier at once: page waits get room
describe('errors as sentences', { timeout: 90_000 }, () => {
  it('an SSH host that refuses the connection', async () => {
    const { page } = app;
    await page.getByTestId('ssh-deadhost').click();
    const error = page.getByTestId('connect-error');
    await error.waitFor({ timeout: 30_000 });
    const text = (await error.textContent()) ?? '';
    expect(text).toMatch(/deadhost|127\.0\.0\.1/);
    expect(text).toMatch(/refused|not answer|could not connect|ECONNREFUSED/i);
    // a sentence, not a stack trace
    expect(text).not.toMatch(/\n\s+at /);
    await expect.poll(() => page.getByTestId('error-banner').textContent()).toMatch(/deadhost/);
    await app.shot('30-ssh-failure');
  });

  it('EBUSY on the legacy host: no assignment while the guest runs', async () => {
    const { page } = app;
    await page.getByTestId('scenario-legacy').click();
    await waitForHost(page, /legacy/);
    await pickTarget(page, LEGACY_GUEST1);
    await clickCell(page, 0x04, 0x01);
    // the planner knows the E1 rule and says so before any write is planned
    const refusal = page.getByTestId('refusals');
    await expect.poll(() => refusal.textContent()).toMatch(/EBUSY/);
    const text = (await refusal.textContent()) ?? '';
    expect(text).toMatch(/LegacyGuest1/);
    expect(text).toMatch(/running guest/);
    expect((await planState(page)).operations).toEqual([]);
    await app.shot('31-legacy-ebusy');
  });
});
