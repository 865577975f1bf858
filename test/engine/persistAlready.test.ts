/**
 * "Already applied" and the persistent part of the plan script, by dash and
 * bash on a FUSE mount with its /etc beside it: an apply with --persist active,
 * then the same script with --persist both writes the persistent part only
 * (no sysfs write) and says so; a third run says "already applied" and writes
 * nothing (Ansible idempotency); --persist persistent too. No journal is left.
 * The CLI's apply reports the same: ok, then "already applied".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fullMask, maskToHex, parseRelativeMask } from '../../shared/ap';
import { dumpScript } from '../../shared/host/dumpScript';
import { parseDump } from '../../shared/host/parseDump';
import { exportShellScript } from '../../shared/export';
import { parseUdevRule } from '../../shared/persist';
import type { Plan } from '../../shared/plan/operations';
import { apmatrix, mountScenario, type SimMount } from '../helpers/simMount';
import { simulatedLink } from '../../electron/transport/simulated';
import { applyPlan } from '../../electron/engine/applier';

const canFuse = existsSync('/dev/fuse') && process.getuid?.() === 0;
const UUID = '7e57a11c-0000-4000-8000-000000000011';
const PLAN: Plan = {
  title: 'free domains 4-5 for a new mdev on adapter 00',
  operations: [
    { kind: 'aqmask', set: [], clear: [4, 5] },
    { kind: 'create-mdev', uuid: UUID },
    { kind: 'assign-adapter', uuid: UUID, id: 0 },
    { kind: 'assign-domain', uuid: UUID, id: 4 },
    { kind: 'assign-domain', uuid: UUID, id: 5 }
  ]
};
const FREED = maskToHex(parseRelativeMask('-4-5', fullMask()));

let sim: SimMount | undefined;
const bases: string[] = [];
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  for (const b of bases.splice(0)) rmSync(b, { recursive: true, force: true });
});

async function setUp() {
  const base = mkdtempSync(path.join(os.tmpdir(), 'apmx-palready-'));
  bases.push(base);
  const etc = path.join(base, 'etc');
  sim = await mountScenario({ scenario: 'default', etc });
  const out = execFileSync('sh', ['-c', dumpScript({ sysfsRoot: sim.dir, etcRoot: base })], { maxBuffer: 1 << 26 }).toString();
  const script = path.join(base, 'plan.sh');
  writeFileSync(
    script,
    exportShellScript(parseDump(out, 'mount'), PLAN, { machine: true, options: ['--lock', path.join(base, 'ap.lock')] })
  );
  return { base, etc, script, dir: sim.dir };
}

describe.skipIf(!canFuse)('already applied covers the persistent part (needs /dev/fuse and root)', () => {
  for (const shell of ['dash', 'bash']) {
    it(`${shell}: --persist active, then both writes only the persistent part, then says already applied`, async () => {
      const t = await setUp();
      const go = (mode: string) =>
        spawnSync(shell, [t.script, '--persist', mode, '--sysfs-root', t.dir, '--etc-root', t.etc], {
          env: { PATH: process.env.PATH },
          encoding: 'utf8',
          timeout: 60_000
        });
      const stepLines = (s: string) => s.split('\n').filter((l) => /^P?STEP /.test(l));
      const rule = path.join(t.etc, 'udev/rules.d/41-ap.rules');
      const def = path.join(t.etc, 'mdevctl.d/matrix', UUID);

      const active = go('active');
      expect(active.status, active.stderr).toBe(0);
      expect(stepLines(active.stdout)).toEqual(PLAN.operations.map((_, i) => `STEP ${i + 1} OK`));
      expect(existsSync(rule)).toBe(false);
      expect(existsSync(def)).toBe(false);

      const both = go('both');
      expect(both.status, both.stderr).toBe(0);
      expect(both.stdout.split('\n')).not.toContain('ALREADY');
      expect(both.stdout).toContain('ACTIVE ALREADY');
      expect(stepLines(both.stdout)).toEqual(['PSTEP 1 OK files', 'PSTEP 2 OK files']);
      expect(both.stdout).toContain('PERSIST OK');
      expect(both.stdout).toMatch(/DONE\n$/);
      expect(both.stderr).toContain('no sysfs write; the persistent part is still to write');
      expect(maskToHex(parseUdevRule(readFileSync(rule, 'utf8')).aqmask!)).toBe(FREED);
      expect(JSON.parse(readFileSync(def, 'utf8')).start).toBe('auto');

      const written = { rule: statSync(rule).mtimeMs, def: statSync(def).mtimeMs };
      for (const mode of ['both', 'persistent', 'active']) {
        const again = go(mode);
        expect(again.status, again.stderr).toBe(0);
        expect(again.stdout.split('\n')).toContain('ALREADY');
        expect(stepLines(again.stdout)).toEqual([]);
        expect(again.stderr + again.stdout).toContain('already applied: nothing to do');
      }
      expect({ rule: statSync(rule).mtimeMs, def: statSync(def).mtimeMs }).toEqual(written);
      // the journal went beside the given /etc, and every run removed its own
      expect(existsSync(path.join(t.base, 'run/apmatrix')) ? readdirSync(path.join(t.base, 'run/apmatrix')) : []).toEqual([]);
    }, 120_000);
  }

  it('--persist persistent on the host as read: only the persistent part, no journal; then already applied', async () => {
    const t = await setUp();
    const go = (...args: string[]) =>
      spawnSync('dash', [t.script, ...args, '--sysfs-root', t.dir, '--etc-root', t.etc], {
        env: { PATH: process.env.PATH },
        encoding: 'utf8',
        timeout: 60_000
      });
    const dry = go('--dry-run', '--persist', 'persistent');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).not.toMatch(/^DRY /m);
    const r = go('--persist', 'persistent');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^STEP /m);
    expect(r.stdout).toContain('PERSIST OK');
    expect(existsSync(path.join(t.dir, 'devices/vfio_ap/matrix', UUID))).toBe(false);
    expect(existsSync(path.join(t.base, 'run/apmatrix')) ? readdirSync(path.join(t.base, 'run/apmatrix')) : []).toEqual([]);
    const again = go('--persist', 'persistent');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout.split('\n')).toContain('ALREADY');
    // the active part is still to do: --persist both writes it, and the persistent part is already there
    const both = go('--persist', 'both');
    expect(both.status, both.stderr).toBe(0);
    expect(both.stdout.split('\n').filter((l) => /^P?STEP /.test(l))).toEqual(PLAN.operations.map((_, i) => `STEP ${i + 1} OK`));
    expect(both.stdout).not.toContain('PERSIST OK');
  }, 120_000);

  it('the CLI: apply --persist both after --persist active is ok and writes the persistent files; again: already applied', async () => {
    const t = await setUp();
    const planFile = path.join(t.base, 'plan.json');
    writeFileSync(planFile, JSON.stringify(PLAN));
    const apply = (mode: string) =>
      apmatrix(['apply', planFile, '--yes', '--persist', mode, '--local', t.dir, '--etc-root', t.etc], { timeoutMs: 60_000 });
    expect((await apply('active')).code).toBe(0);
    const both = await apply('both');
    expect(both.code, both.stderr).toBe(0);
    expect(JSON.parse(both.stdout)).toMatchObject({ ok: true, error: null });
    expect(maskToHex(parseUdevRule(readFileSync(path.join(t.etc, 'udev/rules.d/41-ap.rules'), 'utf8')).aqmask!)).toBe(FREED);
    expect(existsSync(path.join(t.etc, 'mdevctl.d/matrix', UUID))).toBe(true);
    const again = await apply('both');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toContain('already applied: nothing to do');
    // a local tree keeps its journal beside its /etc, never in this machine's /run
    expect(existsSync(path.join(t.base, 'run/apmatrix'))).toBe(true);
  }, 180_000);
});

describe('the demo host answers as the script does', () => {
  it('--persist both after --persist active writes the persistent part; then already applied', async () => {
    const link = simulatedLink('default');
    const outcomes: Array<{ ok: boolean; already?: boolean }> = [];
    for (const mode of ['active', 'both', 'both'] as const) {
      const now = parseDump(await link.dump(), 'demo');
      const r = await applyPlan(link, PLAN, now.fingerprint, { persist: mode });
      outcomes.push({ ok: r.ok, ...(r.already ? { already: true } : {}) });
    }
    expect(outcomes).toEqual([{ ok: true }, { ok: true }, { ok: true, already: true }]);
    expect(parseDump(await link.dump(), 'demo').persist?.definitions?.map((d) => d.uuid)).toContain(UUID);
  });
});
