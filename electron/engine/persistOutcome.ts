/**
 * The persistent part of an apply result (issue 10 point 3), from the plan
 * script's status lines (persistScript.ts): `PERSIST TOTAL n`, `PSTEP n OK|FAIL`,
 * `PERSIST ROLLBACK OK|FAIL`, `PERSIST OK`. Says what landed and how it is
 * undone: while the journal exists, `apply --rollback` puts back what the
 * landed changes replaced; the rollback plan of a finished apply is active
 * steps only.
 */
import type { PersistentOutcome } from '../../shared/api/contract';
import type { Plan } from '../../shared/plan/operations';

export function persistentOutcome(lines: string[], interrupted: boolean): PersistentOutcome | undefined {
  const totalLine = lines.find((l) => /^PERSIST TOTAL \d+$/.test(l));
  if (!totalLine) return undefined;
  const total = Number(totalLine.slice(14));
  const ok = lines.filter((l) => /^PSTEP \d+ OK\b/.test(l)).length;
  const failed = lines.find((l) => /^PSTEP \d+ FAIL\b/.test(l));
  if (failed) {
    const undone = lines.includes('PERSIST ROLLBACK OK') ? true : lines.includes('PERSIST ROLLBACK FAIL') ? false : undefined;
    const after =
      undone === false
        ? 'undoing the earlier ones failed: check the files by hand'
        : ok
          ? `the ${ok} written before it were undone`
          : 'nothing persistent was changed';
    return {
      landed: undone === false ? ok : 0,
      total,
      undone: undone ?? true,
      message: `persistent change ${failed.replace(/^PSTEP (\d+) FAIL ?/, '$1 failed: ')}; ${after}`
    };
  }
  if (ok < total && interrupted) {
    return {
      landed: ok,
      total,
      message: `persistent changes 1-${ok} of ${total} were written before the apply stopped; the journal on the host keeps what they replaced: apply --rollback puts it back, --resume writes the rest`
    };
  }
  return { landed: ok, total, message: `${ok} persistent change${ok === 1 ? '' : 's'} written (udev rule, mdevctl definitions)` };
}

/** The rollback plan, saying that it does not hold the persistent changes. */
export function withPersistentNote(rollback: Plan, outcome: PersistentOutcome | undefined): Plan {
  if (!outcome || outcome.landed === 0) return rollback;
  return {
    ...rollback,
    title: `${rollback.title} (sysfs only: the ${outcome.landed} persistent change${outcome.landed === 1 ? '' : 's'} written are not in it; with --persist both it also writes the persistent configuration of the state it restores)`
  };
}
