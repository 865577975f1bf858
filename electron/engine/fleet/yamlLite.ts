/**
 * A small YAML reader for Ansible inventories: block mappings nested by
 * indentation, plain and quoted scalars, `~`/`null`/empty as null, `{}` and
 * comments. Sequences, anchors, multi-line scalars and flow collections with
 * content are refused with the line number: an inventory needs none of them.
 */

/**
 * Mappings nested deeper than this are refused: each level is a recursive
 * call, and a file of thousands of ever-deeper keys would otherwise end in a
 * RangeError (stack overflow) instead of a sentence. An inventory nests a
 * handful of levels (all > children > group > hosts > host > vars).
 */
export const MAX_YAML_DEPTH = 64;

export type YamlValue = string | null | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export class YamlError extends Error {
  override name = 'YamlError';
  constructor(
    readonly line: number,
    reason: string
  ) {
    super(`line ${line}: ${reason}`);
  }
}

interface Line {
  n: number;
  indent: number;
  text: string;
}

/** The first index outside single or double quotes where `at` holds, or -1. */
function firstOutsideQuotes(s: string, at: (i: number) => boolean): number {
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (at(i)) return i;
  }
  return -1;
}

/** Removes a comment: `#` at the start or after white space, outside quotes. */
function stripComment(s: string): string {
  const hash = firstOutsideQuotes(s, (i) => s[i] === '#' && (i === 0 || /\s/.test(s[i - 1])));
  return hash < 0 ? s : s.slice(0, hash);
}

function scalar(raw: string, n: number): string | null {
  const s = raw.trim();
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s.startsWith('"')) {
    if (!s.endsWith('"') || s.length < 2) throw new YamlError(n, `unterminated double-quoted string ${s}`);
    try {
      return JSON.parse(s) as string;
    } catch {
      throw new YamlError(n, `cannot read the double-quoted string ${s}`);
    }
  }
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2) throw new YamlError(n, `unterminated single-quoted string ${s}`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[[{&*!|>]/.test(s))
    throw new YamlError(n, `${s.slice(0, 20)}: flow collections, anchors, tags and block scalars are not supported in an inventory`);
  return s;
}

/** `key: value` split at the first `: ` (or a trailing `:`) outside quotes. */
function splitKey(text: string, n: number): [string, string] {
  const colon = firstOutsideQuotes(text, (i) => text[i] === ':' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\t'));
  if (colon < 0) throw new YamlError(n, `expected "key: value", got ${JSON.stringify(text.slice(0, 40))}`);
  const key = scalar(text.slice(0, colon), n);
  if (key === null) throw new YamlError(n, 'empty key');
  return [key, text.slice(colon + 1)];
}

export function parseYamlLite(source: string): YamlMap {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    if (/^(---|\.\.\.)\s*$/.test(raw)) return;
    if (raw.includes('\t') && /^\s*\t/.test(raw)) throw new YamlError(i + 1, 'tabs cannot indent YAML');
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '') return;
    lines.push({ n: i + 1, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  let pos = 0;
  const block = (indent: number, depth: number): YamlMap => {
    // no prototype: a key named __proto__ is just a key
    const out = Object.create(null) as YamlMap;
    while (pos < lines.length && lines[pos].indent >= indent) {
      const l = lines[pos];
      if (l.indent > indent) throw new YamlError(l.n, 'unexpected indentation');
      if (l.text.startsWith('- ') || l.text === '-') throw new YamlError(l.n, 'lists are not supported in an inventory');
      const [key, rest] = splitKey(l.text, l.n);
      pos++;
      if (Object.hasOwn(out, key)) throw new YamlError(l.n, `key ${JSON.stringify(key)} appears twice`);
      if (rest.trim() === '{}') out[key] = {};
      else if (rest.trim() !== '') out[key] = scalar(rest, l.n);
      else if (pos < lines.length && lines[pos].indent > indent) {
        if (depth >= MAX_YAML_DEPTH)
          throw new YamlError(lines[pos].n, `mappings nest deeper than ${MAX_YAML_DEPTH} levels here: an inventory needs only a few`);
        out[key] = block(lines[pos].indent, depth + 1);
      } else out[key] = null;
    }
    return out;
  };
  const root = lines.length ? block(lines[0].indent, 1) : {};
  if (pos < lines.length) throw new YamlError(lines[pos].n, 'unexpected indentation');
  return root;
}
