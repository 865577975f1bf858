/**
 * The packed-host decoder refuses what encodeHost never writes with a
 * PackedHostError (a sentence naming the part), never a TypeError, a
 * SyntaxError, an `undefined` driver or an array sized by a damaged count.
 */
import { describe, expect, it } from 'vitest';
import { decodeHost, encodeHost, PackedHostError, type PackedHost } from '../../shared/api/hostPacked';
import { snapshotKernel } from '../../shared/host/snapshot';
import { buildScenario, createKernel } from '../../shared/kernel';

const sc = buildScenario('demo');
const good = encodeHost(snapshotKernel(createKernel(sc.state), sc, 'demo:demo'));
type Arrays = Extract<PackedHost['queues'], { form: 'arrays' }>;
const arrays = (patch: Partial<Arrays> | Record<string, unknown>): PackedHost => ({
  ...good,
  queues: { ...(good.queues as Arrays), ...patch } as Arrays
});

const damaged: Array<[string, PackedHost, string]> = [
  ['rest that is not JSON', { ...good, rest: '{not json' }, 'rest'],
  ['rest that is not an object', { ...good, rest: '[]' }, 'rest'],
  ['no queues', { ...good, queues: null as unknown as Arrays }, 'queues'],
  ['an unknown queue form', { ...good, queues: { form: 'xml' } as unknown as Arrays }, 'queues'],
  ['queues JSON that is not a list', { ...good, queues: { form: 'json', json: '{"a":1}' } }, 'queues'],
  ['a negative count', arrays({ count: -1 }), 'count'],
  ['a fractional count', arrays({ count: 1.5 }), 'count'],
  ['a count past 65,536', arrays({ count: 1e9 }), 'count'],
  ['drivers that are not a list', arrays({ drivers: 'vfio_ap' }), 'drivers'],
  ['a driver name that is not a string', arrays({ drivers: ['', 7] }), 'drivers'],
  ['counts of an unknown type', arrays({ counts: { type: 'u64', data: '' } }), 'counts'],
  ['a driver index past the names', arrays({ drivers: [''] }), 'driver']
];

describe('packed host decoder', () => {
  it.each(damaged)('refuses %s with a sentence', (_what, packed, part) => {
    let err: unknown;
    try {
      decodeHost(packed);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PackedHostError);
    expect((err as PackedHostError).part).toBe(part);
    expect((err as PackedHostError).message).toMatch(/^The packed host's .*damaged on the way\.$/);
  });

  it('still decodes what it encoded', () => {
    expect(decodeHost(good).queues.length).toBeGreaterThan(0);
  });
});
