/**
 * The engine's command-line commands end to end (`bin/apmatrix.mjs` in a
 * child process, stdin not a terminal) on the built-in `demo` host.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../shared/api/contract';
import type { HostState } from '../../shared/host/hostState';
import { apmatrix as run, bash } from '../helpers/simMount';
import { GOOD_PLAN, NEW } from './demoPlans';

const dir = mkdtempSync(join(tmpdir(), 'apmx-cli-'));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const good = file('good.json', GOOD_PLAN);
const refused = file('refused.json', {
  title: 'overlap',
  operations: [...GOOD_PLAN.operations.slice(0, 3), { kind: 'assign-adapter', uuid: NEW, id: 5 }]
});
/** each command is a fresh Node process: allow for a busy machine */
const apmatrix = (args: string[], o: { timeoutMs?: number } = {}) => run(args, { timeoutMs: 90_000, ...o });
const oneLine = (s: string) => s.trim().split('\n').length === 1;

// each command is a fresh Node process (tsx): seconds each on a busy machine
describe('apmatrix engine commands on --demo demo', { timeout: 120_000 }, () => {
  it('snapshot prints the host state as JSON, or lszcrypt-like text', async () => {
    const j = await apmatrix(['snapshot', '--demo', 'demo']);
    expect(j.code).toBe(0);
    const host = JSON.parse(j.stdout) as HostState;
    expect(host.source).toBe('demo:demo');
    expect(host.mdevs).toHaveLength(3);
    const t = await apmatrix(['snapshot', '--text', '--demo', 'demo']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^CARD\.DOM/m);
    expect(t.stdout).toMatch(/^05\.0047 /m);
    const legacy = await apmatrix(['snapshot', '--demo', 'legacy', '--era', 'E1']);
    expect((JSON.parse(legacy.stdout) as HostState).era).toBe('E1');
  });

  it('audit lists findings; the exit status is the worst severity', async () => {
    const r = await apmatrix(['audit', '--json', '--demo', 'demo']);
    const findings = JSON.parse(r.stdout) as Finding[];
    const worst = Math.max(0, ...findings.map((f) => ({ info: 0, warning: 1, error: 2 })[f.severity]));
    expect(r.code).toBe(worst);
    const text = await apmatrix(['audit', '--demo', 'demo']);
    expect(text.code).toBe(worst);
    expect(text.stdout.trim().split('\n')).toHaveLength(Math.max(1, findings.length));
    const clean = await apmatrix(['audit', '--json', '--demo', 'default']);
    const cleanFindings = JSON.parse(clean.stdout) as Finding[];
    expect(clean.code).toBe(Math.max(0, ...cleanFindings.map((f) => ({ info: 0, warning: 1, error: 2 })[f.severity])));
  });

  it('plan validate: every step ok (status 0), or the refused step named (status 1)', async () => {
    const ok = await apmatrix(['plan', 'validate', good, '--demo', 'demo']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('all 6 steps would be accepted by demo:demo');
    const bad = await apmatrix(['plan', 'validate', refused, '--demo', 'demo']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^\s+4 FAIL assign adapter 0x05 .*: EADDRINUSE/m);
    expect(bad.stderr).toMatch(/^apmatrix plan validate: step 4 \(assign adapter 0x05 .*\) would be refused: EADDRINUSE/);
  });

  it('plan export writes each format; the shell script is valid sh', async () => {
    const formats = ['sh', 'chzdev', 'mdevctl', 'libvirt', 'kparm', 'qemu'];
    const runs = await Promise.all(formats.map((format) => apmatrix(['plan', 'export', good, '--format', format, '--demo', 'demo'])));
    runs.forEach((r, i) => {
      expect(r.code, `${formats[i]}: ${r.stderr}`).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    });
    const sh = await apmatrix(['plan', 'export', good, '--format', 'sh', '--demo', 'demo']);
    const syntax = await bash(`sh -n ${file('plan.sh', sh.stdout)}`);
    expect(syntax.code).toBe(0);
    const unknown = await apmatrix(['plan', 'export', good, '--format', 'pdf', '--demo', 'demo']);
    expect(unknown.code).toBe(2);
    expect(oneLine(unknown.stderr)).toBe(true);
  });

  it('apply refuses without a terminal and without --yes; with --yes it applies and reports', async () => {
    const no = await apmatrix(['apply', good, '--demo', 'demo']);
    expect(no.code).toBe(1);
    expect(no.stderr.trim()).toBe(
      'apmatrix apply: refusing to apply without confirmation: no terminal to ask on; add --yes to apply anyway'
    );
    const yes = await apmatrix(['apply', good, '--yes', '--demo', 'demo']);
    expect(yes.code, yes.stderr).toBe(0);
    const out = JSON.parse(yes.stdout) as { ok: boolean; landed: number; total: number; rollback: { operations: unknown[] } };
    expect(out).toMatchObject({ ok: true, landed: 6, total: 6 });
    expect(out.rollback.operations.length).toBeGreaterThan(0);
    // progress on stderr, one line per step
    expect(yes.stderr.split('\n').filter((l) => /^step \d\/6 ok/.test(l))).toHaveLength(6);
    const bad = await apmatrix(['apply', refused, '--yes', '--demo', 'demo']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^apmatrix apply: step 4 \(assign adapter 0x05 .*\) would be refused: .*nothing was written$/m);
  });

  it('errors are one line with a non-zero status', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['snapshot'], 2, /choose the host: --demo SCENARIO, --local ROOT or --ssh HOST/],
      [['snapshot', '--demo', 'nope'], 2, /unknown scenario "nope"/],
      [['snapshot', '--demo', 'demo', '--local', '/sys'], 2, /choose ONE host option/],
      [['snapshot', '--bogus', '--demo', 'demo'], 2, /unknown option --bogus/],
      [['plan', 'validate', join(dir, 'missing.json'), '--demo', 'demo'], 1, /cannot read .*missing\.json/],
      [['plan', 'validate', file('garbage.json', '{nope'), '--demo', 'demo'], 1, /garbage\.json is not JSON/],
      [
        [
          'plan',
          'validate',
          file('badop.json', { title: 't', operations: [{ kind: 'assign-adapter', uuid: NEW, id: 300 }] }),
          '--demo',
          'demo'
        ],
        1,
        /badop\.json: plan\.operations\[0\] is not a valid operation: id 300 must be an integer 0\.\.255/
      ],
      [['plan', 'frobnicate', good, '--demo', 'demo'], 2, /use `plan validate FILE`/],
      [['snapshot', '--local', '/nonexistent-root'], 1, /local sysfs root \/nonexistent-root is not a directory/],
      [
        ['snapshot', '--ssh', 'nohost.invalid', '--ssh-config', '/dev/null', '--known-hosts', join(dir, 'kh')],
        1,
        /cannot connect to .*nohost\.invalid/
      ]
    ];
    const runs = await Promise.all(cases.map(([args]) => apmatrix(args, { timeoutMs: 90_000 })));
    for (const [i, [args, code, re]] of cases.entries()) {
      const r = runs[i];
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(oneLine(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.startsWith(`apmatrix ${args[0]}: `)).toBe(true);
    }
  });
});
