/**
 * Connecting over SSH from the page: a real OpenSSH server on 127.0.0.1
 * (test/helpers/sshd) whose host key is not yet known. The page shows the
 * host-key prompt with the server's real SHA256 fingerprint; accepting it
 * connects and reads the FUSE-mounted demo host through sshd.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OpenApp } from '../helpers/browser';
import { mountScenario, run, type SimMount } from '../helpers/simMount';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import { waitForHost } from './flows';

let app: OpenApp;
let sim: SimMount;
let sshd: SshdHandle;

beforeAll(async () => {
  [sim, sshd] = await Promise.all([mountScenario({ scenario: 'demo' }), startSshd()]);
  sshd.authorize('root');
  sshd.addHost('lpar');
  // the page's router starts with an empty known_hosts: the key is unknown
  const knownHosts = path.join(sshd.dir, 'known_hosts.e2e');
  writeFileSync(knownHosts, '');
  const emptyEtc = path.join(sshd.dir, 'etc.e2e');
  mkdirSync(emptyEtc);
  app = await openApp({
    routerOptions: { ...sshd.paths, knownHostsPath: knownHosts, agentSocket: null, remoteSysfsRoot: sim.dir, remoteEtcRoot: emptyEtc }
  });
  await waitForHost(app.page, /demo/);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([sim?.stop(), sshd?.stop()]);
});

// a loaded CI machine runs every tier at once: page waits get room
describe('SSH from the page', { timeout: 90_000 }, () => {
  it('asks about an unknown host key, showing its fingerprint, and connects once accepted', async () => {
    const { page } = app;
    const expected = (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', sshd.hostKeyPub])).stdout.split(/\s+/)[1];
    expect(expected).toMatch(/^SHA256:/);
    await page.getByTestId('ssh-lpar').click();
    await page.getByTestId('hostkey-prompt').waitFor({ timeout: 30_000 });
    expect((await page.getByTestId('hostkey-fingerprint').textContent())?.trim()).toBe(expected);
    await app.shot('32-hostkey-prompt');
    await page.getByTestId('hostkey-accept').click();
    expect(await waitForHost(page, 'ssh:lpar')).toBe('ssh:lpar');
    await expect.poll(() => page.getByTestId('connect-status').textContent()).toMatch(/lpar/);
    await page.getByTestId('tab-mdevs').click();
    await expect.poll(() => page.getByTestId('mdev-row').count()).toBe(3);
    await app.shot('33-ssh-connected');
  });
});
