import { describe, expect, it } from 'vitest';
import { persistentLine } from '../../renderer/src/model/persistentLine';

describe('the apply result line about persistent changes', () => {
  it('counts when all landed, and adds the engine sentence when not', () => {
    expect(persistentLine({ landed: 3, total: 3, message: '3 persistent changes written (udev rule, mdevctl definitions)' })).toBe(
      'Persistent changes: 3 of 3 written.'
    );
    expect(
      persistentLine({
        landed: 0,
        total: 3,
        undone: true,
        message: 'persistent change 2 failed: EACCES; the 1 written before it were undone'
      })
    ).toBe('Persistent changes: 0 of 3 written: persistent change 2 failed: EACCES; the 1 written before it were undone.');
  });
});
