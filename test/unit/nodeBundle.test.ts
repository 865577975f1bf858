/**
 * The CLI / browser-mode bundle (bin/nodeBundle.mjs) is used only while it is
 * up to date with every source it was built from: a changed, even same-size,
 * or deleted source makes it stale, a mere touch does not; loadEntry rebuilds
 * a stale bundle instead of running it.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, freshEntry, loadEntry } from '../../bin/nodeBundle.mjs';

const root = mkdtempSync(path.join(os.tmpdir(), 'apmatrix-bundle-'));
const ENTRIES = { cli: 'electron/cli.ts' };

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

write('electron/cli.ts', "import { answer } from '../shared/answer';\nexport const main = () => answer;\n");
write('shared/answer.ts', 'export const answer: string = "A";\n');

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('node bundle freshness', () => {
  it('has no fresh entry before the first build', () => {
    expect(freshEntry('cli', root)).toBeNull();
  });

  it('serves the build while the sources are unchanged, even when touched', async () => {
    await buildBundle(root, ENTRIES);
    const url = freshEntry('cli', root);
    expect(url).toMatch(/^file:.*\/dist\/node\/[0-9a-f]{16}\/cli\.mjs$/);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(root, 'shared/answer.ts'), later, later);
    expect(freshEntry('cli', root)).toBe(url);
    expect((await import(url!)).main()).toBe('A');
  });

  it('is stale when an imported source changes, even to the same size', () => {
    write('shared/answer.ts', 'export const answer: string = "B";\n');
    expect(freshEntry('cli', root)).toBeNull();
  });

  it('loadEntry rebuilds a stale bundle and runs the new code', async () => {
    const mod = (await loadEntry('cli', root, ENTRIES)) as { main(): string };
    expect(mod.main()).toBe('B');
    expect(freshEntry('cli', root)).not.toBeNull();
  });

  it('is stale when a source it was built from is deleted', () => {
    rmSync(path.join(root, 'shared/answer.ts'));
    expect(freshEntry('cli', root)).toBeNull();
  });
});
