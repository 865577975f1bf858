/**
 * Text that is not a validated number or UUID may appear in exported files only
 * inside comments. These helpers make it one harmless line.
 */

/** One line, printable ASCII only, no comment terminators, at most `max` characters. */
export function commentText(text: unknown, max = 200): string {
  const s = String(text ?? '')
    .replace(/[\r\n\t\v\f]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/--/g, '- -') // safe inside XML comments too
    .trim();
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}

/** A shell word made only of characters that need no quoting beyond '...'. */
const SAFE_WORD = /^[A-Za-z0-9_./,+:=-]*$/;

/** Single-quotes a value that was validated before; refuses anything else. */
export function shWord(value: string): string {
  if (!SAFE_WORD.test(value)) throw new Error(`unsafe shell value ${JSON.stringify(value)}`);
  return `'${value}'`;
}

export function isSafeWord(value: string): boolean {
  return SAFE_WORD.test(value);
}
