/**
 * A journal read back from a host is whatever that host wrote there: its plan
 * and undo lines are checked like any plan, its size is bounded, and the
 * rollback it offers is exactly the undo of the steps it says landed.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideOnJournals } from '../../electron/engine/applyJournal';
import {
  describeJournal,
  MAX_JOURNAL_BYTES,
  MAX_JOURNALS,
  journalReadScript,
  parseJournal,
  parseJournalDump,
  planDigest
} from '../../shared/export/shellJournal';
import type { Plan } from '../../shared/plan/operations';

const UUID = 'a1b2c3d4-0000-4000-8000-0000000000e1';
const PLAN: Plan = {
  title: 't',
  operations: [
    { kind: 'create-mdev', uuid: UUID },
    { kind: 'assign-adapter', uuid: UUID, id: 1 }
  ]
};
const hex = (s: string) => Buffer.from(s).toString('hex');
const journalText = (lines: string[]) =>
  [
    'apmatrix-journal 1',
    `digest ${planDigest(PLAN)}`,
    'total 2',
    'landed 1',
    'pid 1',
    `title ${hex('t')}`,
    `plan ${JSON.stringify({ operations: PLAN.operations })}`,
    ...lines,
    ''
  ].join('\n');

describe('a journal written by a hostile host', () => {
  it('an undo line with a malformed operation is a problem, never part of the rollback, and rollback is refused', () => {
    const bad = [{ kind: 'assign-adapter', uuid: "x'; reboot; '", id: 999 }];
    const j = parseJournal('/run/apmatrix/journal-x', journalText([`undo 1 ${JSON.stringify(bad)}`]));
    expect(j.problems.join('; ')).toMatch(/step 1: .*operations\[0\] is not a valid operation/);
    expect(j.rollback.operations).toEqual([]);
    const d = decideOnJournals([j], PLAN, 'rollback');
    expect(d.kind).toBe('refuse');
    expect(d.kind === 'refuse' && d.error).toMatch(/cannot be read/);
  });

  it('a plan line with a malformed operation is a problem', () => {
    const text = journalText([`undo 1 ${JSON.stringify([{ kind: 'remove-mdev', uuid: UUID }])}`]).replace(
      /^plan .*$/m,
      `plan ${JSON.stringify({ operations: [{ kind: 'apmask', set: [0, 0], clear: [] }] })}`
    );
    const j = parseJournal('f', text);
    expect(j.problems.join('; ')).toMatch(/^plan: operations\[0\] is not a valid operation/);
    expect(j.plan).toBeNull();
  });

  it('undo lines past the landed steps are not in the rollback and make the journal unreadable', () => {
    const ok = [{ kind: 'remove-mdev', uuid: UUID }];
    const extra = [{ kind: 'aqmask', set: [0, 1, 2, 3], clear: [] }];
    const j = parseJournal('f', journalText([`undo 7 ${JSON.stringify(extra)}`, `undo 1 ${JSON.stringify(ok)}`]));
    expect(j.rollback.operations).toEqual(ok);
    expect(j.problems.join('; ')).toMatch(/undo lines for steps past the 1 that landed/);
    expect(decideOnJournals([j], PLAN, 'rollback').kind).toBe('refuse');
  });

  it('a missing or doubled undo line is a problem', () => {
    expect(parseJournal('f', journalText([])).problems).toContain('no undo line for step 1');
    const ok = JSON.stringify([{ kind: 'remove-mdev', uuid: UUID }]);
    expect(parseJournal('f', journalText([`undo 1 ${ok}`, `undo 1 ${ok}`])).problems.join('; ')).toMatch(/step 1 is undone twice/);
  });

  it('a journal larger than the bound is not parsed', () => {
    const j = parseJournal(
      'f',
      journalText([`undo 1 ${JSON.stringify([{ kind: 'remove-mdev', uuid: UUID }])}`, 'x'.repeat(MAX_JOURNAL_BYTES)])
    );
    expect(j.problems[0]).toMatch(/larger than/);
    expect(j.rollback.operations).toEqual([]);
  });

  it('a well-formed journal still parses without problems', () => {
    const ok = [{ kind: 'remove-mdev', uuid: UUID }];
    const j = parseJournal('f', journalText([`undo 1 ${JSON.stringify(ok)}`]));
    expect(j.problems).toEqual([]);
    expect(j.rollback.operations).toEqual(ok);
    expect(decideOnJournals([j], PLAN, 'rollback')).toMatchObject({ kind: 'run', plan: { operations: ok } });
  });

  it('the reader run by sh reads at most MAX_JOURNALS files, each cut past the bound', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apmx-journals-'));
    for (let i = 0; i < MAX_JOURNALS + 4; i++) writeFileSync(join(dir, `journal-${String(i).padStart(2, '0')}`), journalText([]));
    writeFileSync(join(dir, 'journal-00'), 'apmatrix-journal 1\n' + 'y'.repeat(MAX_JOURNAL_BYTES + 4096));
    const out = execFileSync('sh', ['-c', journalReadScript(`'${dir}'`)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(out.length).toBeLessThan(MAX_JOURNAL_BYTES + 64 * 1024);
    const journals = parseJournalDump(out);
    expect(journals).toHaveLength(MAX_JOURNALS);
    expect(journals[0].problems[0]).toMatch(/larger than/);
  });

  it('a title of a megabyte is cut in the sentence that names the journal', () => {
    const ok = JSON.stringify([{ kind: 'remove-mdev', uuid: UUID }]);
    const j = parseJournal('f', journalText([`undo 1 ${ok}`]).replace(/^title .*$/m, `title ${hex('x'.repeat(1 << 20))}`));
    expect(j.title).toHaveLength(1 << 20);
    expect(describeJournal(j, false).length).toBeLessThan(300);
  });

  it('a journal without its digest line is a problem (it names no plan, so nothing may clear it as undone)', () => {
    const ok = JSON.stringify([{ kind: 'remove-mdev', uuid: UUID }]);
    const j = parseJournal('f', journalText([`undo 1 ${ok}`]).replace(/^digest .*\n/m, ''));
    expect(j.problems).toContain('no digest line: the journal names no plan');
  });
});
