/**
 * The packed host (shared/api/hostPacked.ts): what the page receives instead of
 * 65,536 queue objects decodes back to exactly the host main read.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../shared/api/base64';
import { decodeHost, encodeHost, isPackedHost, PackedHostError } from '../../shared/api/hostPacked';
import { packResult, unpackResult } from '../../shared/api/packedResults';
import type { HostState, QueueInfo } from '../../shared/host/hostState';
import { snapshotKernel } from '../../shared/host/snapshot';
import { createKernel } from '../../shared/kernel';
import { kernelStateArb } from './hostArbitrary';
import { scenarioHost } from './rendererFixtures';

/** what the page gets today: the host through JSON */
const viaJson = (h: HostState): HostState => JSON.parse(JSON.stringify(h)) as HostState;
/** what the page gets packed: also through JSON, as the bridge sends it */
const viaPacked = (h: HostState): HostState => decodeHost(JSON.parse(JSON.stringify(encodeHost(h))));

const queueArb: fc.Arbitrary<QueueInfo> = fc.record({
  adapter: fc.integer({ min: 0, max: 255 }),
  domain: fc.integer({ min: 0, max: 255 }),
  driver: fc.constantFrom(null, 'cex4queue', 'vfio_ap', '', 'odd driver'),
  online: fc.constantFrom(null, true, false),
  status: fc.constantFrom(null, 'unassigned' as const, 'assigned' as const, 'in use' as const),
  config: fc.boolean(),
  chkstop: fc.boolean(),
  requestCount: fc.oneof(fc.constant(null), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(2 ** 40, 0.5, -0))
});

describe('packed host', () => {
  it('base64 round-trips every length and refuses damaged text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40_000 }), (b) => {
        const text = bytesToBase64(b);
        expect(text).toBe(Buffer.from(b).toString('base64'));
        expect(base64ToBytes(text)).toEqual(b);
      }),
      { numRuns: 200 }
    );
    expect(base64ToBytes('AB$=')).toBeNull();
    expect(base64ToBytes('ABC')).toBeNull();
  });

  it('decode(encode(h)) deep-equals h for random hosts read from the kernel model (property)', () => {
    fc.assert(
      fc.property(kernelStateArb, (s) => {
        const h = snapshotKernel(createKernel(s), undefined, 'random');
        expect(viaPacked(h)).toEqual(viaJson(h));
      }),
      { numRuns: 150 }
    );
  });

  it('decode(encode(h)) deep-equals h for random queue fields, wide request counts and many drivers (property)', () => {
    const base = scenarioHost('default');
    fc.assert(
      fc.property(fc.array(queueArb, { maxLength: 300 }), fc.integer({ min: 0, max: 300 }), (queues, drivers) => {
        const many = queues.map((q, i) => (i < drivers ? { ...q, driver: `d${i}` } : q));
        const h = { ...base, queues: many };
        const back = viaPacked(h);
        // exact to the bit, -0 included (which plain JSON would turn into 0)
        expect(back).toEqual(h);
        back.queues.forEach((q, i) => expect(Object.is(q.requestCount, many[i].requestCount)).toBe(true));
      }),
      { numRuns: 150 }
    );
  });

  it('a queue with a field outside the contract travels as JSON, still exact', () => {
    const base = scenarioHost('default');
    const h = { ...base, queues: [{ ...base.queues[0], extra: 1 } as QueueInfo, ...base.queues.slice(1)] };
    const p = encodeHost(h);
    expect(p.queues.form).toBe('json');
    expect(viaPacked(h)).toEqual(viaJson(h));
  });

  it('the full host (65,536 queues) packs to at most 2 MB and decodes exactly', () => {
    const h = scenarioHost('full');
    expect(h.queues.length).toBe(65536);
    const text = JSON.stringify(encodeHost(h));
    expect(text.length).toBeLessThanOrEqual(2_000_000);
    // a deep toEqual on 65,536 queues is slow and prints megabytes on failure
    expect(isDeepStrictEqual(decodeHost(JSON.parse(text)), viaJson(h))).toBe(true);
  }, 60_000);

  it('a damaged array is refused with a sentence, not misread', () => {
    const p = encodeHost(scenarioHost('default'));
    if (p.queues.form !== 'arrays') throw new Error('expected arrays');
    const bad = { ...p, queues: { ...p.queues, flags: p.queues.flags.slice(4) } };
    expect(() => decodeHost(bad)).toThrow(PackedHostError);
    expect(() => decodeHost(bad)).toThrow(/flags is not/);
  });

  it('answers carrying a host travel packed and come back equal; other answers pass unchanged', () => {
    const host = scenarioHost('default');
    const wire = <T>(method: Parameters<typeof packResult>[0], r: T) => JSON.parse(JSON.stringify(packResult(method, r))) as T;
    const connect = wire('connect', { ok: true, connectionId: 'c1', label: 'demo:default', host, findings: [] });
    expect(isPackedHost(connect.host)).toBe(true);
    expect(unpackResult('connect', connect)).toEqual(
      viaJson({ ok: true, connectionId: 'c1', label: 'demo:default', host, findings: [] } as never)
    );
    const refused = { ok: false, need: 'error', message: 'no' };
    expect(wire('connect', refused)).toEqual(refused);
    const validated = wire('validatePlan', { verdicts: [], firstFailure: -1, after: host, changes: [] });
    expect(isPackedHost(validated.after)).toBe(true);
    expect(unpackResult('validatePlan', validated).after).toEqual(viaJson(host));
    const targets = { scenarios: [], sshHosts: [], defaultLocalRoot: '/sys' };
    expect(packResult('listTargets', targets)).toBe(targets);
    // an answer that was never packed (a fake api, an old bridge) is left as it is
    expect(unpackResult('readHost', { host, findings: [] }).host).toBe(host);
  });
});
