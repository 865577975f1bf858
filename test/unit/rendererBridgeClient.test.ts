import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createBridgeClient } from '../../renderer/src/api/bridgeClient';

const seen: Array<{ url: string; token: string | undefined; body: unknown }> = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push({ url: req.url ?? '', token: req.headers['x-apmatrix-token'] as string | undefined, body: JSON.parse(body) });
    if (req.url === '/api/readHost') {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'EINVAL', message: 'connectionId "x" is not open' } }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ echo: true }));
  });
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('bridge client protocol', () => {
  it('POSTs {method, params} to /api/<method> with the token header and returns the JSON body', async () => {
    const api = createBridgeClient(base + '/', 'tok123');
    const res = await api.connect({ target: { kind: 'demo', scenario: 'demo' } });
    expect(res).toEqual({ echo: true });
    expect(seen.at(-1)).toEqual({
      url: '/api/connect',
      token: 'tok123',
      body: { method: 'connect', params: { target: { kind: 'demo', scenario: 'demo' } } }
    });
    await api.listTargets();
    expect(seen.at(-1)).toEqual({ url: '/api/listTargets', token: 'tok123', body: { method: 'listTargets', params: null } });
  });

  it('turns an error answer into an ApiError with the code and sentence', async () => {
    const api = createBridgeClient(base, 'tok123');
    const err = await api.readHost({ connectionId: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('EINVAL');
    expect(err.message).toBe('connectionId "x" is not open');
  });

  it('says in words when the bridge does not answer', async () => {
    const api = createBridgeClient('http://127.0.0.1:1', 't');
    const err = await api.listTargets().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/does not answer/);
  });
});
