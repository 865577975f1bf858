/**
 * Messages that show user input never pass control characters to the terminal
 * (issue 8 point 10): a plan file that is not JSON used to echo its raw bytes,
 * ESC sequences included. And the lszcrypt text does not invent a default
 * domain 0xffffffffffffffff when ap_domain could not be read.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeControls, quoteInput } from '../../shared/api/printable';
import { buildScenario, createKernel } from '../../shared/kernel';
import { materializeSysfs } from '../unit/dumpTree';
import { apmatrix } from '../helpers/simMount';

const dir = mkdtempSync(join(tmpdir(), 'apmx-text-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => apmatrix(args, { timeoutMs: 90_000 });

/** control characters other than the final newline of each line */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const EVIL = '\x1b[31mRED\x07\x1b]0;owned\x07\r\u202e\x9b2J';

describe('user input in messages', { timeout: 120_000 }, () => {
  it('escapeControls writes every control and bidi character as an escape', () => {
    expect(escapeControls(EVIL)).toBe('\\x1b[31mRED\\x07\\x1b]0;owned\\x07\\r\\u202e\\x9b2J');
    expect(quoteInput('a"b\n')).toBe('"a\\"b\\n"');
    expect(quoteInput('x'.repeat(100), 5)).toBe('"xxxxx…"');
  });

  it('a plan file that is not JSON: its bytes are shown escaped, never raw', async () => {
    const file = join(dir, 'evil.json');
    writeFileSync(file, EVIL + ' {');
    const r = await run(['plan', 'validate', file, '--demo', 'demo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/evil\.json is not JSON: /);
    expect(r.stderr.trimEnd()).not.toMatch(CONTROLS);
    expect(r.stderr).toContain('\\x1b[31mRED');
  });

  it('a file name, a root and a plan title with control characters are escaped too', async () => {
    const named = join(dir, 'plan\x1b[2J.json');
    const [missing, root] = await Promise.all([
      run(['plan', 'validate', named, '--demo', 'demo']),
      run(['snapshot', '--local', '/nonexistent-\x1b]0;x\x07'])
    ]);
    for (const r of [missing, root]) {
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd()).not.toMatch(CONTROLS);
    }
    expect(missing.stderr).toContain('plan\\x1b[2J.json');
    expect(root.stderr).toContain('/nonexistent-\\x1b]0;x\\x07');
    // a title is quoted, escaped, in the refusal of a plan the host does not accept
    const titled = join(dir, 'titled.json');
    writeFileSync(
      titled,
      JSON.stringify({ title: EVIL, operations: [{ kind: 'create-mdev', uuid: 'a1b2c3d4-0000-4000-8000-00000000000\x1b' }] })
    );
    const bad = await run(['plan', 'validate', titled, '--demo', 'demo']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trimEnd()).not.toMatch(CONTROLS);
  });
});

describe('lszcrypt text without ap_domain', { timeout: 120_000 }, () => {
  it('says the default domain is unknown instead of printing 0xffffffffffffffff', async () => {
    const sys = join(dir, 'sys');
    materializeSysfs(createKernel(buildScenario('demo').state), sys);
    rmSync(join(sys, 'bus/ap/ap_domain'));
    const r = await run(['snapshot', '--text', '--local', sys]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('0xffffffffffffffff');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Warning: Default domain unknown: /sys/bus/ap/ap_domain does not exist on the host.'
    );
  });
});
