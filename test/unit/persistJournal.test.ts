/**
 * The persistent part of the apply journal is read defensively (issue 10
 * point 3): a host may have written anything there. Entries are values only,
 * checked one by one; a bad one makes the journal unreadable, so apply
 * --rollback / --resume refuse it with nothing written; a definition the
 * plan does not touch is refused too; the files put back come from the
 * generators, never from journal text.
 */
import { describe, expect, it } from 'vitest';
import { fullMask, maskToHex, parseRelativeMask } from '../../shared/ap';
import { parsePersistUndo, restoreChanges } from '../../shared/export/persistJournal';
import { exportShellScript } from '../../shared/export';
import { parseJournal, planDigest } from '../../shared/export/shellJournal';
import { buildScenario, createKernel } from '../../shared/kernel';
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import { parseDump } from '../../shared/host/parseDump';
import { mdevctlJson } from '../../shared/persist/mdevctlFile';
import { writeUdevRule } from '../../shared/persist/udevRule';
import type { Plan } from '../../shared/plan/operations';
import { decideOnJournals } from '../../electron/engine/applyJournal';

const UUID = '7e57a11c-0000-4000-8000-000000000010';
const PLAN: Plan = { title: 't', operations: [{ kind: 'create-mdev', uuid: UUID }] };
const AQ = maskToHex(parseRelativeMask('-16', fullMask()));

function journal(lines: string[]): string {
  return [
    'apmatrix-journal 1',
    `digest ${planDigest(PLAN)}`,
    'total 1',
    'landed 1',
    'pid 1',
    'title 74',
    `plan ${JSON.stringify({ operations: PLAN.operations })}`,
    `undo 1 ${JSON.stringify([{ kind: 'remove-mdev', uuid: UUID }])}`,
    ...lines,
    ''
  ].join('\n');
}

describe('reading the persistent part of a journal', () => {
  it('takes the entries this program writes', () => {
    const j = parseJournal(
      'j',
      journal([
        'ptotal 2',
        'planded 2',
        `pundo 2 ${JSON.stringify({ kind: 'definition', uuid: UUID, before: { start: 'manual', attrs: [['assign_adapter', '0x02']] } })}`,
        `pundo 1 ${JSON.stringify({ kind: 'rule', apmask: null, aqmask: AQ })}`
      ])
    );
    expect(j.problems).toEqual([]);
    expect(j.persistUndo).toEqual([
      { kind: 'rule', apmask: null, aqmask: AQ },
      { kind: 'definition', uuid: UUID, before: { start: 'manual', attrs: [['assign_adapter', '0x02']] } }
    ]);
    const d = decideOnJournals([j], PLAN, 'rollback');
    expect(d.kind).toBe('run');
    if (d.kind === 'run') expect(d.run.persistRestore).toEqual(j.persistUndo);
  });

  it.each([
    ['a shell word in the UUID', { kind: 'definition', uuid: `${UUID}'; rm -rf /`, before: null }],
    ['a quote in an attr value', { kind: 'definition', uuid: UUID, before: { start: 'auto', attrs: [['assign_adapter', "0x01' x"]] } }],
    ['an attr that is not an assignment', { kind: 'definition', uuid: UUID, before: { start: 'auto', attrs: [['mdev_type', 'x']] } }],
    ['a start that is neither', { kind: 'definition', uuid: UUID, before: { start: '$(reboot)', attrs: [] } }],
    ['rule text instead of masks', { kind: 'rule', apmask: null, aqmask: null, text: 'RUN+="/bin/sh"' }],
    ['a mask that is not one', { kind: 'rule', apmask: 'ffff; reboot', aqmask: null }]
  ])('refuses %s: the journal cannot be read, rollback writes nothing', (_why, entry) => {
    const j = parseJournal('j', journal(['ptotal 1', 'planded 1', `pundo 1 ${JSON.stringify(entry)}`]));
    expect(j.problems.length).toBeGreaterThan(0);
    for (const mode of ['rollback', 'resume'] as const) {
      const d = decideOnJournals([j], PLAN, mode);
      expect(d).toMatchObject({ kind: 'refuse' });
    }
  });

  it('refuses planded without its entries, bounds the numbers and the size', () => {
    expect(
      parseJournal('j', journal(['ptotal 2', 'planded 2', `pundo 1 ${JSON.stringify({ kind: 'rule', apmask: null, aqmask: null })}`]))
        .problems
    ).toContain('pundo 2 is missing');
    expect(parseJournal('j', journal(['ptotal 99999', 'planded 1'])).problems.length).toBeGreaterThan(0);
    expect(parseJournal('j', journal([`pundo 1 ${'x'.repeat(5 * 1024 * 1024)}`])).problems.length).toBeGreaterThan(0);
    expect(() =>
      parsePersistUndo(
        JSON.stringify({
          kind: 'definition',
          uuid: UUID,
          before: { start: 'auto', attrs: new Array(1000).fill(['assign_domain', '0x01']) }
        })
      )
    ).toThrow(/attributes/);
  });

  it('refuses a definition the plan does not touch', () => {
    const other = '7e57a11c-0000-4000-8000-000000000099';
    const j = parseJournal(
      'j',
      journal(['ptotal 1', 'planded 1', `pundo 1 ${JSON.stringify({ kind: 'definition', uuid: other, before: null })}`])
    );
    expect(j.problems).toEqual([]);
    expect(decideOnJournals([j], PLAN, 'rollback')).toMatchObject({
      kind: 'refuse',
      error: expect.stringContaining(`names the definition of mdev ${other}`)
    });
  });

  it("the rollback script writes back the generators' text, newest change first", () => {
    const host = parseDump(dumpFromSysfs(createKernel(buildScenario('default').state)), 'demo:default');
    const undo = [
      { kind: 'rule' as const, apmask: null, aqmask: AQ },
      {
        kind: 'definition' as const,
        uuid: UUID,
        before: { start: 'manual' as const, attrs: [['assign_adapter', '0x02']] as Array<[string, string]> }
      }
    ];
    const changes = restoreChanges(host, undo);
    expect(changes.map((c) => c.kind)).toEqual(['define', 'rule']);
    expect(changes[0]).toMatchObject({ json: mdevctlJson('manual', [['assign_adapter', '0x02']]) });
    expect(changes[1]).toMatchObject({ to: { text: writeUdevRule(null, parseRelativeMask('-16', fullMask())) } });
    const script = exportShellScript(
      host,
      { title: 'rollback', operations: [] },
      { persistRestore: undo, clearsJournal: planDigest(PLAN) }
    );
    expect(script).toContain(
      `ap_pstep 1 'restore:_define_mdev_${UUID}_as_it_was__start_manual_' ap_pdef define '${UUID}' '${mdevctlJson('manual', [['assign_adapter', '0x02']])}'`
    );
    expect(script).toMatch(
      /ap_pstep 2 'restore_udev_rule_41-ap.rules:_no_apmask_line,_aqmask_0-15,17-255' ap_prule '# Generated by chzdev\n/
    );
  });
});
