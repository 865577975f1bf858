/**
 * The browser bridge's gatekeeping: token, Host and Origin on every request
 * and WebSocket, only the renderer's files, size limits, and saveFile held to
 * its folder. A recording router shows that refused requests never reach it.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApplyProgress } from '../../shared/api/contract';
import { checkRequestPayload } from '../../electron/bridge/payloadCheck';
import type { RouterApi } from '../../electron/bridge/routerApi';
import { MAX_BODY_BYTES, MISSING_PAGE_SENTENCE, startBridgeServer, type BridgeServer } from '../../electron/bridge/server';

/** the page id every request of the page's bridge client carries */
const PAGE = 'testPage0001';

const calls: string[] = [];
const progressListeners = new Set<(p: ApplyProgress) => void>();
const router = {
  listTargets: async () => {
    calls.push('listTargets');
    return { scenarios: [], sshHosts: [], defaultLocalRoot: '/sys' };
  },
  readHost: async () => {
    calls.push('readHost');
    throw new Error('No connection "nope" is open.');
  },
  onApplyProgress(listener: (p: ApplyProgress) => void) {
    progressListeners.add(listener);
    return () => progressListeners.delete(listener);
  }
} as unknown as RouterApi;

let tmp: string;
let bridge: BridgeServer;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: bridge.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      }
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function api(method: string, params: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return request({
    method: 'POST',
    path: `/api/${method}`,
    headers: {
      'Content-Type': 'application/json',
      Origin: bridge.origin,
      'X-ApMatrix-Token': bridge.token,
      'X-ApMatrix-Page': PAGE,
      ...headers
    },
    body: JSON.stringify({ params })
  });
}

function wsOutcome(url: string, origin: string): Promise<{ opened: boolean; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on('open', () => resolve({ opened: true, ws }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'apmatrix-bridge-'));
  const site = path.join(tmp, 'site');
  mkdirSync(path.join(site, 'assets'), { recursive: true });
  writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>t</title><script src="./assets/app.js"></script>');
  writeFileSync(path.join(site, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(site, '.secret.js'), 'no');
  writeFileSync(path.join(tmp, 'outside.js'), 'no');
  bridge = await startBridgeServer({
    router,
    staticDir: site,
    downloadsDir: path.join(tmp, 'downloads'),
    checkPayload: checkRequestPayload
  });
});

afterAll(async () => {
  await bridge?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the page and its files', () => {
  it('serves the page only with the token, with a strict CSP and no cookie', async () => {
    expect((await request({ path: '/' })).status).toBe(403);
    expect((await request({ path: '/?token=wrong' })).status).toBe(403);
    const page = await request({ path: `/?token=${bridge.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>t</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // cookies are not scoped by port: a token cookie would reach every 127.0.0.1 service
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('serves the public assets without the token, and nothing outside the renderer folder', async () => {
    const asset = await request({ path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    for (const p of ['/../outside.js', '/%2e%2e/outside.js', '/assets/..%2f..%2foutside.js', '/.secret.js', '/assets/', '/nothing.js']) {
      expect((await request({ path: p })).status, p).toBe(404);
    }
  });

  it('refuses a foreign Host (DNS rebinding), for the page and the assets', async () => {
    const r = await request({ path: `/?token=${bridge.token}`, headers: { Host: `evil.example:${bridge.port}` } });
    expect(r.status).toBe(403);
    expect((await request({ path: '/assets/app.js', headers: { Host: `evil.example:${bridge.port}` } })).status).toBe(403);
  });
});

describe('API requests', () => {
  it('answers a well-formed request with {ok: true, result}', async () => {
    calls.length = 0;
    const r = await api('listTargets', undefined);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ scenarios: [], sshHosts: [], defaultLocalRoot: '/sys' });
    expect(calls).toEqual(['listTargets']);
  });

  it('refuses a missing or wrong token, a foreign or missing Origin, a foreign Host, before the router', async () => {
    calls.length = 0;
    const refused = [
      await api('listTargets', undefined, { 'X-ApMatrix-Token': '' }),
      await api('listTargets', undefined, { 'X-ApMatrix-Token': bridge.token.slice(1) + 'x' }),
      await api('listTargets', undefined, { Origin: 'http://evil.example' }),
      await api('listTargets', undefined, { Origin: `http://127.0.0.1:${bridge.port + 1}` }),
      await api('listTargets', undefined, { Origin: 'null' }),
      await api('listTargets', undefined, { Host: `attacker.example:${bridge.port}` })
    ];
    const noOrigin = await request({
      method: 'POST',
      path: '/api/listTargets',
      headers: { 'Content-Type': 'application/json', 'X-ApMatrix-Token': bridge.token },
      body: '{}'
    });
    for (const r of [...refused, noOrigin]) {
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error.code).toBe('FORBIDDEN');
    }
    expect(calls).toEqual([]);
  });

  it('refuses a request without a valid page header with a 400 sentence, before the router', async () => {
    calls.length = 0;
    for (const page of [undefined, '', 'short', 'has space in it', 'x'.repeat(65)]) {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Origin: bridge.origin,
        'X-ApMatrix-Token': bridge.token
      };
      if (page !== undefined) headers['X-ApMatrix-Page'] = page;
      const r = await request({ method: 'POST', path: '/api/listTargets', headers, body: '{}' });
      expect(r.status, String(page)).toBe(400);
      expect(JSON.parse(r.body).error).toEqual({ code: 'BAD_REQUEST', message: MISSING_PAGE_SENTENCE });
    }
    expect(calls).toEqual([]);
  });

  it('knows only the contract methods', async () => {
    for (const name of ['__proto__', 'constructor', 'onApplyProgress', 'toString', 'dispose']) {
      expect((await api(name, {})).status, name).toBe(404);
    }
  });

  it('refuses non-JSON, oversized and malformed bodies with a sentence', async () => {
    const notJson = await request({
      method: 'POST',
      path: '/api/listTargets',
      headers: { 'Content-Type': 'application/json', Origin: bridge.origin, 'X-ApMatrix-Token': bridge.token, 'X-ApMatrix-Page': PAGE },
      body: '{"params":'
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/not valid JSON/);
    const big = await api('saveFile', { suggestedName: 'a.txt', text: 'x'.repeat(MAX_BODY_BYTES) });
    expect(big.status).toBe(413);
    // streamed without a Content-Length: still the 413 sentence, not a reset
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const r = http.request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          method: 'POST',
          path: '/api/saveFile',
          headers: {
            'Content-Type': 'application/json',
            Origin: bridge.origin,
            'X-ApMatrix-Token': bridge.token,
            'X-ApMatrix-Page': PAGE,
            'Transfer-Encoding': 'chunked'
          }
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }
      );
      r.on('error', reject);
      const chunk = 'x'.repeat(1 << 20);
      for (let i = 0; i <= MAX_BODY_BYTES / chunk.length; i++) r.write(chunk);
      r.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.message).toMatch(/larger than/);
    const shape = await api('readHost', 'a string');
    expect(shape.status).toBe(400);
    expect(JSON.parse(shape.body).error.message).toMatch(/^readHost: payload/);
  });

  it('turns a router error into {error: {code, message}} with the sentence', async () => {
    const r = await api('readHost', { connectionId: 'nope' });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ error: { code: 'FAILED', message: 'No connection "nope" is open.' } });
  });
});

describe('saveFile in the browser mode', () => {
  it('writes only a safe basename into the downloads folder, never overwriting', async () => {
    const traversal = await api('saveFile', { suggestedName: '../../etc/plan.sh', text: 'echo 0\n' });
    expect(traversal.status).toBe(400);
    expect(JSON.parse(traversal.body).error.message).toMatch(/suggestedName/);
    const first = JSON.parse((await api('saveFile', { suggestedName: 'plan.sh', text: 'echo 1\n' })).body);
    const second = JSON.parse((await api('saveFile', { suggestedName: 'plan.sh', text: 'echo 2\n' })).body);
    const odd = JSON.parse((await api('saveFile', { suggestedName: '..plan $(x).sh', text: 'echo 3\n' })).body);
    const downloads = path.join(tmp, 'downloads');
    expect(first).toEqual({ saved: true, path: path.join(downloads, 'plan.sh') });
    expect(second.path).toBe(path.join(downloads, 'plan-2.sh'));
    expect(odd.path).toBe(path.join(downloads, 'plan___x_.sh'));
    expect(readFileSync(path.join(downloads, 'plan.sh'), 'utf8')).toBe('echo 1\n');
    expect(readdirSync(downloads).sort()).toEqual(['plan-2.sh', 'plan.sh', 'plan___x_.sh']);
  });
});

describe('the events WebSocket', () => {
  it('needs the token and this Origin, then pushes apply progress', async () => {
    const base = `ws://127.0.0.1:${bridge.port}/events`;
    expect((await wsOutcome(base, bridge.origin)).opened).toBe(false);
    expect((await wsOutcome(`${base}?token=wrong`, bridge.origin)).opened).toBe(false);
    expect((await wsOutcome(`${base}?token=${bridge.token}`, 'http://evil.example')).opened).toBe(false);
    expect((await wsOutcome(`ws://127.0.0.1:${bridge.port}/other?token=${bridge.token}`, bridge.origin)).opened).toBe(false);
    const { opened, ws } = await wsOutcome(`${base}?token=${bridge.token}`, bridge.origin);
    expect(opened).toBe(true);
    const message = new Promise<string>((resolve) => ws!.once('message', (data) => resolve(String(data))));
    const progress: ApplyProgress = { applyId: 'a1', step: 1, total: 3, state: 'running', message: 'assign_adapter 5' };
    for (const l of progressListeners) l(progress);
    expect(JSON.parse(await message)).toEqual({ type: 'apply-progress', payload: progress, data: progress });
    ws!.close();
  });
});

describe('the downloads folder', () => {
  it('refuses a folder that is a symlink, or writable by others', async () => {
    const { createDownloadsSaver } = await import('../../electron/bridge/downloads');
    const { symlinkSync, chmodSync } = await import('node:fs');
    const base = mkdtempSync(path.join(tmpdir(), 'apmx-dl-'));
    const real = path.join(base, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = path.join(base, 'link');
    symlinkSync(real, link);
    await expect(createDownloadsSaver(link)({ suggestedName: 'a.sh', text: 'x' })).rejects.toThrow(/not a directory \(a symlink\?\)/);
    const open = path.join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    await expect(createDownloadsSaver(open)({ suggestedName: 'a.sh', text: 'x' })).rejects.toThrow(/writable by other users/);
    await expect(createDownloadsSaver(real)({ suggestedName: 'a.sh', text: 'x' })).resolves.toMatchObject({ saved: true });
    rmSync(base, { recursive: true, force: true });
  });
});
