/**
 * User input shown in a message must not be able to drive the terminal or hide
 * text: a plan file that is not JSON, a file name, a plan title may hold ESC
 * sequences (colour, cursor moves, a terminal title), BEL, a carriage return
 * that rewrites the line, or a bidi override that reorders it. Every message
 * that can carry such input goes through escapeControls before it is printed.
 */

// C0 controls (tab included), DEL, C1 controls, and the invisible / bidi format characters
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeOne(ch: string): string {
  const c = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return c < 0x100 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/** The text with every control and format character written as an escape (`\x1b`, `\u202e`, `\n`). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** A piece of user input quoted for a message: `"..."`, escaped, cut after `max` characters. */
export function quoteInput(text: string, max = 80): string {
  const cut = text.length > max ? text.slice(0, max) + '…' : text;
  return `"${escapeControls(cut).replace(/"/g, '\\"')}"`;
}
