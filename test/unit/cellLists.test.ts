/**
 * Issue 8 point 10: a queue is named once in a list of queues, however often
 * the cells that produced the list repeat it ("05.000e, 05.000e and 05.000e"
 * before).
 */
import { describe, expect, it } from 'vitest';
import { cellIndex } from '../../shared/ap';
import { apqnList } from '../../shared/host/auditText';
import { cellList } from '../../shared/plan/ownerText';

const E = cellIndex(0x05, 0x0e);
const F = cellIndex(0x05, 0x0f);

describe('cell lists name each queue once', () => {
  it('plan sentences (ownerText.cellList)', () => {
    expect(cellList([E, E, E])).toBe('05.000e');
    expect(cellList([E, F, E, F])).toBe('05.000e and 05.000f');
    expect(cellList([E, E, E, E, E, F], 1)).toBe('05.000e and 1 more');
  });

  it('audit sentences (auditText.apqnList)', () => {
    expect(apqnList([E, E, E])).toBe('05.000e');
    expect(apqnList([E, F, E])).toBe('05.000e and 05.000f');
    expect(apqnList([E, E, F, F, E], 1)).toBe('05.000e and 1 more');
  });
});
