import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PayloadError, validatePlanValue, validateRequest } from '../../shared/api/validators';

const U = '62177883-f1bb-47f0-914d-32a22e3a8804';
const plan = { title: 't', operations: [{ kind: 'assign-adapter', uuid: U, id: 5 }] };

function error(method: Parameters<typeof validateRequest>[0], payload: unknown): PayloadError {
  try {
    validateRequest(method, payload);
  } catch (e) {
    expect(e).toBeInstanceOf(PayloadError);
    return e as PayloadError;
  }
  throw new Error('expected a PayloadError');
}

describe('payload validators', () => {
  it('accepts every well-formed request', () => {
    expect(validateRequest('listTargets', undefined)).toBeUndefined();
    expect(validateRequest('connect', { target: { kind: 'demo', scenario: 'demo', era: 'E1' } })).toEqual({
      target: { kind: 'demo', scenario: 'demo', era: 'E1' }
    });
    expect(validateRequest('connect', { target: { kind: 'local', root: '/sys' } })).toBeTruthy();
    expect(
      validateRequest('connect', { target: { kind: 'ssh', host: 'root@lpar1:22' }, acceptHostKey: 'SHA256:' + 'A'.repeat(43), secret: '' })
    ).toBeTruthy();
    expect(validateRequest('readHost', { connectionId: 'c_ab-1' })).toEqual({ connectionId: 'c_ab-1' });
    expect(validateRequest('validatePlan', { connectionId: 'c1', plan })).toEqual({ connectionId: 'c1', plan });
    expect(validateRequest('applyPlan', { connectionId: 'c1', plan, fingerprint: 'abc' })).toBeTruthy();
    expect(validateRequest('exportPlan', { connectionId: 'c1', plan, format: 'mdevctl' })).toBeTruthy();
    expect(validateRequest('saveFile', { suggestedName: 'plan.sh', text: '' })).toBeTruthy();
  });

  it('names the field and the rule', () => {
    expect(error('connect', { target: { kind: 'demo', scenario: 'nope' } }).message).toBe(
      'connect: target.scenario must be one of default, demo, legacy, full'
    );
    expect(error('connect', { target: { kind: 'ssh', host: '-oProxyCommand=x' } }).field).toBe('target.host');
    expect(error('connect', { target: { kind: 'local', root: 'sys' } }).message).toMatch(/target\.root must be an absolute path/);
    expect(error('connect', { target: { kind: 'demo', scenario: 'demo' }, acceptHostKey: 'MD5:aa' }).field).toBe('acceptHostKey');
    expect(error('readHost', {}).message).toBe('readHost: connectionId must be a string');
    expect(error('readHost', { connectionId: 'c1', extra: 1 }).message).toMatch(/payload\.extra is not a known field/);
    const bad = { title: 't', operations: [plan.operations[0], { kind: 'assign-adapter', uuid: U, id: 256 }] };
    const e = error('validatePlan', { connectionId: 'c1', plan: bad });
    expect(e.field).toBe('plan.operations[1]');
    expect(e.message).toMatch(/id 256 must be an integer 0\.\.255/);
    expect(
      error('validatePlan', { connectionId: 'c1', plan: { title: 't', operations: [{ kind: 'remove-mdev', uuid: U, id: 1 }] } }).field
    ).toBe('plan.operations[0].id');
    expect(
      error('validatePlan', { connectionId: 'c1', plan: { title: 't', operations: [{ kind: 'apmask', set: [], clear: [] }] } }).message
    ).toMatch(/plan\.operations\[0\] is not a valid operation: apmask needs at least one id/);
    expect(error('exportPlan', { connectionId: 'c1', plan, format: 'pdf' }).field).toBe('format');
    expect(error('applyPlan', { connectionId: 'c1', plan }).field).toBe('fingerprint');
    expect(error('saveFile', { suggestedName: '../x', text: '' }).field).toBe('suggestedName');
    expect(error('saveFile', { suggestedName: '..', text: '' }).field).toBe('suggestedName');
    expect(error('listTargets', { a: 1 }).field).toBe('payload');
    expect(() => validateRequest('nope' as never, {})).toThrow(/not a request of the API/);
    expect(() => validatePlanValue({ title: 1, operations: [] }, 'p.json')).toThrow(/p\.json: plan\.title must be a string/);
  });

  it('never throws anything but PayloadError on arbitrary input, and accepts only what it checked', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('connect', 'readHost', 'validatePlan', 'applyPlan', 'exportPlan', 'saveFile') as fc.Arbitrary<'connect'>,
        fc.anything(),
        (m, payload) => {
          try {
            validateRequest(m, payload);
          } catch (e) {
            if (!(e instanceof PayloadError)) throw e;
          }
        }
      ),
      { numRuns: 2000 }
    );
  });
});
