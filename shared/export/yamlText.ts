/**
 * The few YAML forms the playbook exporter writes, by hand so that every
 * byte of the file is known: JSON-style double-quoted scalars (valid YAML)
 * and literal blocks tagged `!unsafe`, which Ansible never templates (a
 * script may hold `{{` or `{#`).
 */

/** A double-quoted scalar; JSON escapes are YAML escapes. */
export function yq(text: string): string {
  return JSON.stringify(text);
}

/**
 * A double-quoted scalar tagged `!unsafe`: for a value read from a host or typed
 * by a user (a source path, a host name). Ansible templates every string of a
 * vars mapping when the play reads it, so `{{ lookup('pipe', ...) }}` in a plain
 * scalar would run on the controller.
 */
export function unsafeScalar(text: string): string {
  return `!unsafe ${yq(text)}`;
}

/** `!unsafe |` + the text indented by `indent` spaces; the text must end with one newline. */
export function unsafeBlock(text: string, indent: number): string {
  if (!text.endsWith('\n') || text.endsWith('\n\n')) throw new Error('a literal block must end with exactly one newline');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) throw new Error('control characters cannot be written in a YAML literal block');
  if (/^[ \t]/.test(text)) throw new Error('a literal block may not start with white space (no indentation indicator is written)');
  const pad = ' '.repeat(indent);
  const lines = text
    .slice(0, -1)
    .split('\n')
    .map((l) => (l === '' ? '' : pad + l));
  return `!unsafe |\n${lines.join('\n')}`;
}
