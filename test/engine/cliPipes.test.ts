/**
 * The command line writes ALL its output whatever stdout is: a pipe to a slow
 * reader, a file or a terminal. A pipe is asynchronous in Node, so leaving
 * with process.exit() before it drained cut a 13 MB snapshot to 65,536 bytes.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bash } from '../helpers/simMount';

const CLI = fileURLToPath(new URL('../../bin/apmatrix.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'apmx-pipes-'));

describe('apmatrix output through a pipe', { timeout: 180_000 }, () => {
  it('snapshot --demo full: a pipe (slow reader too) gets the same bytes as a file', async () => {
    const file = join(dir, 'full.json');
    const r = await bash(
      [
        `node ${CLI} snapshot --demo full > ${file}`,
        `wc -c < ${file}`,
        `node ${CLI} snapshot --demo full | wc -c`,
        // a reader that starts late: everything is still queued in the writer when main() returns
        `node ${CLI} snapshot --demo full | (sleep 1; wc -c)`,
        // the piped text is the whole JSON document (readAt differs between runs, so no checksum)
        `node ${CLI} snapshot --demo full | python3 -c 'import json,sys; h=json.load(sys.stdin); print(len(h["queues"]))'`
      ].join('\n'),
      { timeoutMs: 170_000 }
    );
    expect(r.code, r.stderr).toBe(0);
    const [fileSize, piped, slow, queues] = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim());
    expect(Number(fileSize)).toBeGreaterThan(10_000_000);
    expect(piped).toBe(fileSize);
    expect(slow).toBe(fileSize);
    expect(Number(queues)).toBeGreaterThan(1000);
  });

  it('a reader that closes early (| head) ends the command quietly', async () => {
    const r = await bash(`node ${CLI} snapshot --demo full | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`, { timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(['0', '141']).toContain(r.stdout.trim());
  });
});
