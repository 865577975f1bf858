/** Payload checks at the boundary that a security review found open (now closed). */
import { describe, expect, it } from 'vitest';
import { operationError } from '../../shared/plan/operations';
import { validateRequest } from '../../shared/api/validators';

const UUID = 'cef03c3c-903d-4ecc-9a83-40694cb8aee4';

describe('boundary checks', () => {
  it('an operation kind that is an Object prototype name is refused', () => {
    for (const kind of ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__']) {
      expect(operationError({ kind, uuid: UUID, id: 1 })).toMatch(/unknown operation kind/);
    }
    expect(operationError({ kind: 'assign-adapter', uuid: UUID, id: 1 })).toBeNull();
  });

  it('a local root with a control character is refused (it would forge lines of the dump)', () => {
    expect(() => validateRequest('connect', { target: { kind: 'local', root: '/tmp/x\nQ 05.0004' } })).toThrow(
      /without control characters/
    );
    expect(() => validateRequest('connect', { target: { kind: 'local', root: '/sys' } })).not.toThrow();
  });
});
