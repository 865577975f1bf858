/**
 * The plan script's persistent part run by dash and bash on a plain directory
 * tree (the demo host written out, its /etc beside it): a failed persistent
 * change undoes the earlier ones byte for byte; a sysfs root other than /sys
 * without --etc-root refuses an explicit persistent mode and writes nothing;
 * --dry-run lists the persistent changes and writes nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildScenario, createKernel } from '../../shared/kernel';
import { dumpScript } from '../../shared/host/dumpScript';
import { etcFilesFor } from '../../shared/host/etcFiles';
import { parseDump } from '../../shared/host/parseDump';
import { exportShellScript } from '../../shared/export';
import { materializeFiles, materializeSysfs } from '../unit/dumpTree';
import { GOOD_PLAN, NEW } from './demoPlans';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function demoTree() {
  const sc = buildScenario('demo');
  const root = mkdtempSync(path.join(os.tmpdir(), 'apmx-pscript-'));
  roots.push(root);
  materializeSysfs(createKernel(sc.state), path.join(root, 'sys'));
  materializeFiles(etcFilesFor(sc), root); // root/etc/...
  const etc = path.join(root, 'etc');
  const out = execFileSync('sh', ['-c', dumpScript({ sysfsRoot: path.join(root, 'sys'), etcRoot: root })], {
    maxBuffer: 1 << 26
  }).toString();
  const host = parseDump(out, 'tree');
  const script = path.join(root, 'plan.sh');
  // the lock is the script's option (no switch is read from the environment)
  writeFileSync(script, exportShellScript(host, GOOD_PLAN, { machine: true, options: ['--lock', path.join(root, 'ap.lock')] }));
  return { root, etc, script, env: { PATH: process.env.PATH, SYSFS_ROOT: path.join(root, 'sys') } };
}

describe('persistent part of the plan script', () => {
  for (const shell of ['dash', 'bash']) {
    it(`${shell}: a refused definition undoes the rule written before it, byte for byte`, () => {
      const t = demoTree();
      const rule = path.join(t.etc, 'udev/rules.d/41-ap.rules');
      const before = readFileSync(rule, 'utf8');
      // the definition cannot be written: mdevctl.d/matrix is a file, not a directory
      rmSync(path.join(t.etc, 'mdevctl.d/matrix'), { recursive: true });
      writeFileSync(path.join(t.etc, 'mdevctl.d/matrix'), 'not a directory\n');
      const r = spawnSync(shell, [t.script, '--persist', 'persistent', '--etc-root', t.etc], { env: t.env, encoding: 'utf8' });
      expect(r.stdout).toContain('PSTEP 1 OK files');
      expect(r.stdout).toMatch(/PSTEP 2 FAIL /);
      expect(r.stdout).toContain('PERSIST ROLLBACK OK');
      expect(r.status).toBe(1);
      expect(readFileSync(rule, 'utf8')).toBe(before);
    });
  }

  it('persistent: writes the corrected rule and the new definition, no sysfs write', () => {
    const t = demoTree();
    const r = spawnSync('dash', [t.script, '--persist=persistent', `--etc-root=${t.etc}`], { env: t.env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^STEP /.test(l))).toEqual([]);
    expect(r.stdout).toContain('PERSIST OK');
    expect(JSON.parse(readFileSync(path.join(t.etc, 'mdevctl.d/matrix', NEW), 'utf8')).start).toBe('auto');
    expect(existsSync(path.join(t.root, 'sys/devices/vfio_ap/matrix', NEW))).toBe(false);
  });

  it('a sysfs root other than /sys without --etc-root: an explicit persistent mode is a usage error, nothing written', () => {
    const t = demoTree();
    const r = spawnSync('dash', [t.script, '--persist', 'both'], { env: t.env, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('needs --etc-root DIR');
    expect(r.stdout).not.toMatch(/STEP|LOCK OK/);
    // and without --persist it stays active-only and says nothing about persistence
    const d = spawnSync('dash', [t.script, '--dry-run'], { env: t.env, encoding: 'utf8' });
    expect(d.status).toBe(0);
    expect(d.stdout).not.toContain('PERSIST');
  });

  it('--dry-run lists the persistent changes and writes nothing', () => {
    const t = demoTree();
    const r = spawnSync('dash', [t.script, '--dry-run', '--persist', 'both', '--etc-root', t.etc], {
      env: { ...t.env, APMATRIX_MACHINE: '0' },
      encoding: 'utf8'
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain(`persistent 2: define mdev ${NEW} (start auto)`);
    expect(existsSync(path.join(t.etc, 'mdevctl.d/matrix', NEW))).toBe(false);
  });
});
