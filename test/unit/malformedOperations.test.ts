/**
 * Issue 8 point 1a: an operation's id lists are sets. A repeated id, or an id
 * both set and cleared, is a malformed operation, refused wherever a plan
 * comes in (the API validators, a plan file, the app's plan loading) and by
 * validation itself, with a sentence naming the input and the rule.
 */
import { describe, expect, it } from 'vitest';
import { PayloadError, validatePlanValue, validateRequest } from '../../shared/api/validators';
import { opPayload, operationError, OversizedWrite, type Operation } from '../../shared/plan/operations';
import { fitsOneStore } from '../../shared/kernel';
import { validatePlan } from '../../shared/plan';
import { DEMO_UUIDS } from '../../shared/kernel';
import { createAppStore } from '../../renderer/src/store/store';
import { scenarioHost } from './rendererFixtures';

const U = DEMO_UUIDS.Guest2;
/** the payload: 683 times `+0x00`, 4,097 bytes, "all steps would be accepted" before */
const LONG: Operation = { kind: 'apmask', set: Array(683).fill(0), clear: [] };
const BAD: Array<[string, Operation, RegExp]> = [
  ['a repeated id (the 4,097-byte payload)', LONG, /^set lists 0x00 more than once; each id may appear once in an operation$/],
  ['a repeated clear id', { kind: 'aqmask', set: [], clear: [5, 6, 5] }, /^clear lists 0x05 more than once/],
  [
    'an id set and cleared',
    { kind: 'apmask', set: [1, 2], clear: [2] },
    /^0x02 is both in set and in clear; an operation either gives an id to the host or frees it, not both$/
  ],
  ['a repeated ap_config adapter', { kind: 'ap-config', uuid: U, apm: [5, 5], aqm: [1], adm: [] }, /^apm lists 0x05 more than once/],
  [
    'a repeated ap_config control domain',
    { kind: 'ap-config', uuid: U, apm: [5], aqm: [1], adm: [3, 4, 3] },
    /^adm lists 0x03 more than once/
  ]
];

describe('malformed operations (repeated ids, set and clear together)', () => {
  it.each(BAD)('operationError names %s', (_what, op, rule) => {
    expect(operationError(op)).toMatch(rule);
  });

  it('well-formed lists stay accepted, up to every id once', () => {
    const all = Array.from({ length: 256 }, (_, i) => i);
    expect(operationError({ kind: 'apmask', set: all, clear: [] })).toBeNull();
    expect(operationError({ kind: 'aqmask', set: [1], clear: [2, 3] })).toBeNull();
    expect(operationError({ kind: 'ap-config', uuid: U, apm: all, aqm: all, adm: all })).toBeNull();
  });

  it('no payload reaches a page: opPayload refuses to produce one, and every well-formed op fits', () => {
    expect(() => opPayload(LONG)).toThrow(OversizedWrite);
    expect(() => opPayload(LONG)).toThrow(/would be 4098 bytes; a write must stay under 4096 bytes/);
    const all = Array.from({ length: 256 }, (_, i) => i);
    expect(fitsOneStore(opPayload({ kind: 'apmask', set: all.slice(0, 128), clear: all.slice(128) }))).toBe(true);
  });

  it('the API refuses them, naming the operation and the rule', () => {
    for (const [, op, rule] of BAD) {
      let err: unknown;
      try {
        validateRequest('exportPlan', {
          connectionId: 'c1',
          plan: { title: 't', operations: [{ kind: 'remove-mdev', uuid: U }, op] },
          format: 'sh'
        });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PayloadError);
      expect((err as PayloadError).field).toBe('plan.operations[1]');
      expect((err as PayloadError).rule).toMatch(/^is not a valid operation: /);
      expect((err as PayloadError).rule.replace(/^is not a valid operation: /, '')).toMatch(rule);
    }
  });

  it('a plan file with one is refused when it is read', () => {
    expect(() => validatePlanValue({ title: 't', operations: [LONG] }, 'plan.json')).toThrow(
      /plan\.operations\[0\] is not a valid operation: set lists 0x00 more than once/
    );
  });

  it('validation refuses the step instead of saying "all steps would be accepted"', () => {
    const v = validatePlan(scenarioHost('default'), { title: 'long', operations: [LONG] });
    expect(v.firstFailure).toBe(0);
    expect(v.verdicts[0]).toEqual({
      errno: 'EINVAL',
      message: 'malformed operation: set lists 0x00 more than once; each id may appear once in an operation'
    });
    expect(v.after.apmask).toBe(scenarioHost('default').apmask);
  });

  it('the app does not load such a plan, and says why', () => {
    const store = createAppStore();
    store.getState().setHost(scenarioHost('demo'), []);
    store.getState().loadRawPlan('rollback', [
      { kind: 'unassign-adapter', uuid: U, id: 5 },
      { kind: 'apmask', set: [1, 2], clear: [2] }
    ]);
    expect(store.getState().composed?.operations ?? []).toEqual([]);
    expect(store.getState().lastRefusals).toEqual([
      'Plan "rollback" not loaded: operation 2 ({"kind":"apmask","set":[1,2],"clear":[2]}) is not valid: 0x02 is both in set and in clear; an operation either gives an id to the host or frees it, not both.'
    ]);
    // a well-formed plan still loads
    store.getState().loadRawPlan('ok', [{ kind: 'unassign-adapter', uuid: U, id: 5 }]);
    expect(store.getState().composed?.operations).toEqual([{ kind: 'unassign-adapter', uuid: U, id: 5 }]);
  });
});
