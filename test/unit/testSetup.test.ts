/**
 * `npm test` does its own system set-up (bin/testSetup.mjs): missing Debian
 * packages are installed as root or through `sudo -n`, announced in one line;
 * where neither is possible the run stops with the exact command to run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGES, planInstall } from '../../bin/testSetup.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const missing = [
  { pkg: 'mdevctl', why: 'mdevctl for the mdevctl export tests' },
  { pkg: 'ansible-core', why: 'ansible-playbook' }
];

describe('planInstall', () => {
  it('installs as root, through sudo -n otherwise, and stops with the command when neither works', () => {
    expect(planInstall([], { isRoot: false, canSudo: false, hasApt: true })).toEqual({ action: 'none' });
    const root = planInstall(missing, { isRoot: true, canSudo: false, hasApt: true });
    expect(root).toMatchObject({ action: 'install', prefix: [], update: ['apt-get', 'update', '-q'] });
    expect(root.action === 'install' && root.install).toEqual([
      'apt-get',
      'install',
      '-y',
      '-q',
      '--no-install-recommends',
      'mdevctl',
      'ansible-core'
    ]);
    expect(planInstall(missing, { isRoot: false, canSudo: true, hasApt: true })).toMatchObject({
      action: 'install',
      prefix: ['sudo', '-n']
    });
    expect(planInstall(missing, { isRoot: false, canSudo: false, hasApt: true })).toMatchObject({
      action: 'stop',
      command: "sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends mdevctl ansible-core'"
    });
  });

  it('covers every system part the tiers use, mdevctl and ansible-core included', () => {
    expect(PACKAGES.map((p: { pkg: string }) => p.pkg)).toEqual([
      'fuse',
      'libfuse2',
      'openssh-server',
      'sudo',
      'chromium',
      'libvirt-clients',
      'libxml2-utils',
      'mdevctl',
      'ansible-core'
    ]);
  });
});

// a user who is not root and may not sudo, on a PATH where the tools are missing
const runuser = spawnSync('sh', ['-c', 'command -v runuser']).stdout?.toString().trim() ?? '';
const asNobody = process.getuid?.() === 0 && runuser !== '';
describe.skipIf(!asNobody)('without root and without sudo', () => {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'apmatrix-setup-'));
  chmodSync(bin, 0o755); // nobody must reach the tools in it
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('stops, naming what is missing and the command that installs it', () => {
    for (const tool of ['apt-get', 'sudo', 'sh'])
      symlinkSync(
        spawnSync('sh', ['-c', `command -v ${tool}`])
          .stdout.toString()
          .trim(),
        path.join(bin, tool)
      );
    const script = `import(${JSON.stringify(path.join(ROOT, 'bin', 'testSetup.mjs'))}).then((m) => process.exit(m.runTestSetup((l) => console.log(l)) ? 0 : 3))`;
    const r = spawnSync(runuser, ['-u', 'nobody', '--', process.execPath, '-e', script], {
      env: { PATH: bin, HOME: '/nonexistent' },
      encoding: 'utf8',
      timeout: 30_000
    });
    expect(r.status).toBe(3);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^missing: fuse \(fusermount for the FUSE simulator\), .*mdevctl \(mdevctl for the mdevctl export tests\), ansible-core/
    );
    expect(lines[1]).toMatch(
      /^install them as root, then run the tests again: sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends fuse .*mdevctl ansible-core'$/
    );
  });
});
