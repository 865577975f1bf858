/**
 * Section citations in the source point at headings that exist in the repository's own
 * documents (docs/kernel-model.md, docs/host-tools.md), and no source cites a document that
 * lives outside the repository (the reference notes the project was started from).
 *
 * How a citation is attributed: on each line, a document name (`docs/host-tools.md`,
 * `docs/kernel-model.md`) applies to the § numbers after it on that line; a § number with no
 * document before it on its line is a kernel-model citation, the common case in comments.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CITING_DIRS = ['shared', 'electron', 'renderer', 'test', 'bench', 'bin'];
const SOURCE_FILE = /\.(ts|tsx|mts|mjs|js|cjs|sh|md|html|css|ya?ml)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'build']);
const THIS_FILE = 'test/unit/docCitations.test.ts';

/** The documents the code may cite by section, and the one bare § numbers belong to. */
const DOCS = { kernel: 'docs/kernel-model.md', hostTools: 'docs/host-tools.md' } as const;

/** Names of documents that are not in the repository; none may be cited. */
const OUTSIDE_DOCUMENT =
  /(?<![\w/-])(kernel-ap-sysfs|admin-tools|examples-round-2|style-and-performance)(\.md)?(?![\w-])|(?<![\w/-])design(\.md| §)|shared\/reference\/|\/work\/shared/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE_FILE.test(name)) out.push(path);
  }
  return out;
}

/** `## §2 Host masks` and `### §2.2 Who owns a queue` give '2' and '2.2'. */
function headingNumbers(doc: string): Set<string> {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  return new Set([...text.matchAll(/^#{2,4} §(\d+(?:\.\d+)*)\s/gm)].map((m) => m[1]));
}

interface Citation {
  file: string;
  line: number;
  doc: string;
  section: string;
}

const TOKEN = /(docs\/[\w-]+\.md)|§(\d+(?:\.\d+)*)(?:\s*[-–]\s*§?(\d+(?:\.\d+)*))?/g;

/** Every § citation of a text, attributed to a document as the header comment says. */
export function citationsOf(file: string, text: string): Citation[] {
  const out: Citation[] = [];
  text.split('\n').forEach((lineText, i) => {
    let doc: string = DOCS.kernel;
    for (const m of lineText.matchAll(TOKEN)) {
      if (m[1]) doc = m[1];
      else for (const section of [m[2], m[3]].filter(Boolean)) out.push({ file, line: i + 1, doc, section });
    }
  });
  return out;
}

const files = CITING_DIRS.flatMap((d) => sourceFiles(join(ROOT, d))).map((p) => relative(ROOT, p));
const textOf = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('section citations', () => {
  const headings = new Map<string, Set<string>>(Object.values(DOCS).map((doc) => [doc, headingNumbers(doc)]));

  it('finds the citations it checks (the scan itself works)', () => {
    const all = files.flatMap((f) => citationsOf(f, textOf(f)));
    expect(all.length).toBeGreaterThan(300);
    expect(citationsOf('x.ts', '// see docs/host-tools.md §3.5, §4 and §1.1-1.3')).toEqual([
      { file: 'x.ts', line: 1, doc: DOCS.hostTools, section: '3.5' },
      { file: 'x.ts', line: 1, doc: DOCS.hostTools, section: '4' },
      { file: 'x.ts', line: 1, doc: DOCS.hostTools, section: '1.1' },
      { file: 'x.ts', line: 1, doc: DOCS.hostTools, section: '1.3' }
    ]);
    expect(citationsOf('y.ts', 'refused (§2.1 step 4), docs/kernel-model.md §6.2').map((c) => c.section)).toEqual(['2.1', '6.2']);
  });

  it('every cited section is a heading of the cited document', () => {
    const missing = files
      .filter((f) => f !== THIS_FILE)
      .flatMap((f) => citationsOf(f, textOf(f)))
      .filter((c) => !headings.get(c.doc)?.has(c.section))
      .map((c) => `${c.file}:${c.line} cites ${c.doc} §${c.section}, which has no such heading`);
    expect(missing).toEqual([]);
  });

  it('no source cites a document outside the repository', () => {
    const outside = files
      .filter((f) => f !== THIS_FILE)
      .flatMap((f) =>
        textOf(f)
          .split('\n')
          .map((text, i) => ({ text, at: `${f}:${i + 1}` }))
          .filter((l) => OUTSIDE_DOCUMENT.test(l.text))
          .map((l) => `${l.at}: ${l.text.trim()}`)
      );
    expect(outside).toEqual([]);
  });
});
