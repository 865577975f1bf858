/**
 * The apply result's line about the persistent configuration (udev rule,
 * mdevctl definitions): how many of the changes were written, and when not
 * all of them were, the engine's sentence saying what happened and how to undo.
 */
import type { PersistentOutcome } from '../../../shared/api/contract';

export function persistentLine(p: PersistentOutcome): string {
  const count = `Persistent changes: ${p.landed} of ${p.total} written`;
  return p.landed === p.total && p.undone === undefined ? `${count}.` : `${count}: ${p.message}.`;
}
