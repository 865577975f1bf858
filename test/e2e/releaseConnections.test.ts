/**
 * The page frees what it holds (issue 8 point 8): switching host disconnects
 * the host left behind, leaving the page disconnects the rest, and a local
 * root that is not a sysfs tree shows the reader's sentence without connecting,
 * and a page that crashes loses its connections with its events socket.
 * Counted from the router's own log lines (connected ... / disconnected ...).
 */
import { describe, expect, it } from 'vitest';
import { appForFile, openApp } from '../helpers/browser';
import { waitForHost } from './flows';

const log: string[] = [];
const held = () => log.filter((l) => l.startsWith('connected ')).length - log.filter((l) => l.startsWith('disconnected ')).length;

const app = appForFile(async () => {
  const a = await openApp({ routerOptions: { log: (l) => log.push(l) } });
  await waitForHost(a.page, /demo/);
  return a;
});

describe('connections held by the page', { timeout: 120_000 }, () => {
  it('switching host frees the previous connection', async () => {
    const { page } = app;
    for (const s of ['default', 'legacy', 'demo', 'default']) {
      await page.getByTestId(`scenario-${s}`).click();
      await waitForHost(page, new RegExp(`demo:${s}`));
    }
    await expect.poll(held).toBe(1);
  });

  it('a root that is not a sysfs tree: the sentence, and no connection', async () => {
    const { page } = app;
    await page.getByTestId('local-root').fill('/etc');
    await page.getByTestId('connect-local').click();
    const error = page.getByTestId('connect-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain('local:/etc: not a sysfs tree with an AP bus: bus/ap is missing');
    expect(held()).toBe(1);
  });

  it('a page that dies without pagehide (crash) loses its connections when its events socket closes', async () => {
    const before = held();
    const other = await app.context.newPage();
    await other.goto(app.bridge.url);
    await waitForHost(other, /demo/);
    await expect.poll(held).toBe(before + 1);
    const cdp = await app.context.newCDPSession(other);
    void cdp.send('Page.crash').catch(() => undefined); // the renderer dies: this call never answers
    // the bridge waits 5 s for the page to come back, then frees
    await expect.poll(held, { timeout: 30_000 }).toBe(before);
    await other.close().catch(() => undefined);
  });

  it('leaving the page frees its connections', async () => {
    await app.page.goto('about:blank');
    await expect.poll(held, { timeout: 20_000 }).toBe(0);
  });
});
