/**
 * The id lists of one operation are sets: an id appears at most once, and a
 * mask operation either gives an id to the host (set) or frees it (clear),
 * never both. A repeated id changes nothing in the kernel but lengthens the
 * sysfs write, and a write of a page or more reaches the kernel as two stores,
 * the second parsed on its own (docs/kernel-model.md §1.3, §8): the 4,097-byte
 * `+0x00,+0x00,…` that ends in an absolute `0` (every host queue freed).
 */
import { hex2 } from '../ap/ids';

/** Ids that appear more than once in `ids`, each named once, in first-repeat order. */
export function repeatedIds(ids: readonly number[]): number[] {
  const seen = new Set<number>();
  const twice = new Set<number>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

const idsText = (ids: number[]): string =>
  ids
    .slice(0, 4)
    .map((i) => `0x${hex2(i)}`)
    .join(', ') + (ids.length > 4 ? ` and ${ids.length - 4} more` : '');

/**
 * A sentence when a list repeats an id or `set` and `clear` share one, else null.
 * `lists` are the operation's id lists by field name, already checked to be ids.
 */
export function idListsError(
  lists: Record<string, readonly number[]>,
  setClear?: { set: readonly number[]; clear: readonly number[] }
): string | null {
  for (const [name, ids] of Object.entries(lists)) {
    const twice = repeatedIds(ids);
    if (twice.length) return `${name} lists ${idsText(twice)} more than once; each id may appear once in an operation`;
  }
  if (setClear) {
    const clear = new Set(setClear.clear);
    const both = [...new Set(setClear.set.filter((id) => clear.has(id)))];
    if (both.length)
      return `${idsText(both)} ${both.length > 1 ? 'are' : 'is'} both in set and in clear; an operation either gives an id to the host or frees it, not both`;
  }
  return null;
}
