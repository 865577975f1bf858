/**
 * Connections are released (issue 8 point 8): the real router behind the real
 * bridge, spoken to over loopback HTTP. Connects to `full` (13 MB of host state
 * each) never grow the held connections beyond the cap, past the cap the
 * answer is a sentence, and disconnect frees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectResult } from '../../shared/api/contract';
import { checkRequestPayload } from '../../electron/bridge/payloadCheck';
import { MAX_PAGE_CONNECTIONS, MISSING_PAGE_SENTENCE, startBridgeServer, type BridgeServer } from '../../electron/bridge/server';
import WebSocket from 'ws';
import { createRouter, type Router } from '../../electron/engine/router';

const CAP = 3;
/** connections the first test leaves open, freed by the last one */
const held: string[] = [];
let router: Router;
let bridge: BridgeServer;

beforeAll(async () => {
  router = createRouter({ maxConnections: CAP, saveDir: mkdtempSync(join(tmpdir(), 'apmx-conn-')) });
  bridge = await startBridgeServer({ router, staticDir: tmpdir(), checkPayload: checkRequestPayload });
});
afterAll(async () => {
  await bridge?.close();
  await router?.dispose();
});

async function api<T>(method: string, params: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${bridge.origin}/api/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: bridge.origin,
      'X-ApMatrix-Token': bridge.token,
      'X-ApMatrix-Page': 'pageMAINMAIN'
    },
    body: JSON.stringify({ params })
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('connections through the bridge', { timeout: 180_000 }, () => {
  it('many connects to full stay within the cap; past it a sentence; disconnect frees', async () => {
    const ids: string[] = [];
    for (let i = 0; i < CAP + 2; i++) {
      const r = await api<ConnectResult>('connect', { target: { kind: 'demo', scenario: 'full' } });
      expect(r.status).toBe(200);
      if (i < CAP) {
        expect(r.body.ok, JSON.stringify(r.body).slice(0, 200)).toBe(true);
        if (r.body.ok) ids.push(r.body.connectionId);
      } else {
        expect(r.body).toEqual({
          ok: false,
          need: 'error',
          message: `${CAP} connections are open already (at most ${CAP}): disconnect one, or reload the page to free its connections`
        });
      }
      expect(router.connectionCount()).toBeLessThanOrEqual(CAP);
    }
    expect(router.connectionCount()).toBe(CAP);

    const freed = await api<{ closed: boolean }>('disconnect', { connectionId: ids[0] });
    expect(freed).toEqual({ status: 200, body: { closed: true } });
    expect(router.connectionCount()).toBe(CAP - 1);
    // a second disconnect of the same id: nothing to free
    expect((await api<{ closed: boolean }>('disconnect', { connectionId: ids[0] })).body).toEqual({ closed: false });
    // the freed connection is gone for every request
    const read = await api<{ error: { message: string } }>('readHost', { connectionId: ids[0] });
    expect(read.status).toBe(500);
    expect(read.body.error.message).toMatch(/is not open/);

    const again = await api<ConnectResult>('connect', { target: { kind: 'demo', scenario: 'full' } });
    expect(again.body.ok).toBe(true);
    held.push(...ids.slice(1), again.body.ok ? again.body.connectionId : '');
    expect(router.connectionCount()).toBe(CAP);
  });

  it('disconnect payloads are checked like every request', async () => {
    const r = await api<{ error: { message: string } }>('disconnect', { connectionId: 42 });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/connectionId/);
  });

  it('a local root that is not a sysfs tree: connect answers the sentence and holds nothing', async () => {
    for (const id of held) await api('disconnect', { connectionId: id });
    const before = router.connectionCount();
    expect(before).toBe(0);
    const r = await api<ConnectResult>('connect', { target: { kind: 'local', root: '/etc' } });
    expect(r.body).toMatchObject({ ok: false, need: 'error' });
    expect(r.body.ok === false && r.body.message).toBe(
      'local:/etc: not a sysfs tree with an AP bus: bus/ap is missing (no bus/ap/apmask, bus/ap/aqmask or bus/ap/drivers below the root)'
    );
    expect(router.connectionCount()).toBe(before);
  });
});

describe('connections of one page', { timeout: 120_000 }, () => {
  let r2: Router;
  let b2: BridgeServer;
  beforeAll(async () => {
    r2 = createRouter({ maxConnections: 40 });
    b2 = await startBridgeServer({ router: r2, staticDir: tmpdir(), checkPayload: checkRequestPayload, pageGraceMs: 300 });
  });
  afterAll(async () => {
    await b2?.close();
    await r2?.dispose();
  });
  const call = async (page: string, method: string, params: unknown) => {
    const res = await fetch(`${b2.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: b2.origin, 'X-ApMatrix-Token': b2.token, 'X-ApMatrix-Page': page },
      body: JSON.stringify({ params })
    });
    return (await res.json()) as ConnectResult;
  };
  const demo = { target: { kind: 'demo', scenario: 'default' } };

  it(`a page holds at most ${MAX_PAGE_CONNECTIONS}; another page is not limited by it`, async () => {
    for (let i = 0; i < MAX_PAGE_CONNECTIONS; i++) expect((await call('pageAAAAAAAA', 'connect', demo)).ok).toBe(true);
    expect(await call('pageAAAAAAAA', 'connect', demo)).toEqual({
      ok: false,
      need: 'error',
      message: `this page holds ${MAX_PAGE_CONNECTIONS} connections already (at most ${MAX_PAGE_CONNECTIONS}): disconnect one, or reload the page to free its connections`
    });
    expect((await call('pageBBBBBBBB', 'connect', demo)).ok).toBe(true);
    expect(r2.connectionCount()).toBe(MAX_PAGE_CONNECTIONS + 1);
  });

  it('a connect without the page header is refused and holds nothing: the page cap cannot be bypassed', async () => {
    const before = r2.connectionCount();
    const res = await fetch(`${b2.origin}/api/connect`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: b2.origin, 'X-ApMatrix-Token': b2.token },
      body: JSON.stringify({ params: demo })
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(MISSING_PAGE_SENTENCE);
    expect(r2.connectionCount()).toBe(before);
  });

  it("when a page's events socket closes and it does not come back, its connections are freed, and only its own", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${b2.port}/events?token=${b2.token}&page=pageAAAAAAAA`, { origin: b2.origin });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    ws.close();
    await expect.poll(() => r2.connectionCount(), { timeout: 10_000 }).toBe(1);
    // page A may connect again from zero
    expect((await call('pageAAAAAAAA', 'connect', demo)).ok).toBe(true);
  });
});
