import { describe, expect, it } from 'vitest';
import { decideLanded } from '../../electron/engine/landed';

describe('decideLanded (which steps landed, from the re-read state)', () => {
  const p = ['s0', 's1', 's2', 's3'];
  it('trusts a complete report that the state confirms', () => {
    expect(decideLanded(p, 's2', 2, true)).toEqual({ landed: 2, explained: true, reportDisagrees: false });
  });
  it('after a cut, steps that ran beyond the last line seen count', () => {
    expect(decideLanded(p, 's3', 1, false)).toEqual({ landed: 3, explained: true, reportDisagrees: false });
  });
  it('the state wins over a report that claims more', () => {
    expect(decideLanded(p, 's1', 3, true)).toEqual({ landed: 1, explained: true, reportDisagrees: true });
  });
  it('ambiguous prefixes (a step undone later) pick the first at or after the report', () => {
    expect(decideLanded(['a', 'b', 'a', 'c'], 'a', 1, false).landed).toBe(2);
    expect(decideLanded(['a', 'b', 'a', 'c'], 'a', 0, true).landed).toBe(0);
  });
  it('a state no prefix explains is flagged', () => {
    expect(decideLanded(p, 'zz', 2, true)).toEqual({ landed: 2, explained: false, reportDisagrees: false });
  });
});
