/**
 * The remote wrapper (become root, then read the script from stdin) run by the
 * real sh as a real non-root user (setpriv), with stand-in `sudo` programs in
 * PATH: this machine has no sudo package, so the three answers sudo can give
 * (not installed, password required, allowed) are played by tiny scripts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyExit, ROOT_WRAPPER } from '../../electron/transport/sudoWrapper';
import { run } from '../helpers/simMount';
import { addThrowawayUser } from '../helpers/sshd';

const isRoot = process.getuid?.() === 0;
let user: { name: string; remove(): Promise<void> } | null = null;
const dir = mkdtempSync(join(tmpdir(), 'apmx-sudo-'));
chmodSync(dir, 0o755);

/** PATH holds only the stand-in sudo and the tools the wrapper needs: a real sudo (on CI) stays out */
let tools = '';
async function asUser(pathDirs: string[], script: string) {
  const path = [...pathDirs, tools].join(':');
  return run(
    'setpriv',
    ['--reuid', user!.name, '--regid', 'nogroup', '--clear-groups', 'env', '-i', `PATH=${path}`, 'sh', '-c', ROOT_WRAPPER],
    { input: script }
  );
}

describe.skipIf(!isRoot)('the sudo wrapper as a non-root user', () => {
  let denied: string, allowed: string, none: string;
  beforeAll(async () => {
    user = await addThrowawayUser('apmw');
    none = mkdtempSync(join(dir, 'none-'));
    denied = mkdtempSync(join(dir, 'denied-'));
    allowed = mkdtempSync(join(dir, 'allowed-'));
    tools = mkdtempSync(join(dir, 'tools-'));
    for (const d of [none, denied, allowed, tools]) chmodSync(d, 0o755);
    for (const t of ['sh', 'id', 'true']) {
      const bin = [`/usr/bin/${t}`, `/bin/${t}`].find((p) => existsSync(p));
      if (!bin) throw new Error(`${t} not found in /usr/bin or /bin`);
      symlinkSync(bin, join(tools, t));
    }
    writeFileSync(join(denied, 'sudo'), '#!/bin/sh\necho "sudo: a password is required" >&2\nexit 1\n', { mode: 0o755 });
    // "allowed": runs the command without changing user (enough to see the script arrive on stdin)
    writeFileSync(join(allowed, 'sudo'), '#!/bin/sh\n[ "$1" = -n ] || exit 9\nshift\nexec "$@"\n', { mode: 0o755 });
  });
  afterAll(async () => {
    await user?.remove();
  });

  it('without sudo: a sentence that says so', async () => {
    const r = await asUser([none], 'echo hi\n');
    const e = classifyExit(r.code ?? -1, r.stderr, 'ssh:x');
    expect(e?.code).toBe('permission');
    expect(e?.message).toBe(
      `ssh:x: user ${user!.name} is not root and sudo is not installed there; connect as root or install sudo with a NOPASSWD rule`
    );
  });

  it('when sudo -n wants a password: a sentence that says so', async () => {
    const r = await asUser([denied], 'echo hi\n');
    const e = classifyExit(r.code ?? -1, r.stderr, 'ssh:x');
    expect(e?.code).toBe('permission');
    expect(e?.message).toMatch(/is not root and `sudo -n` refused \(a password is required or the user may not use sudo\)/);
  });

  it('when sudo -n is allowed: the script on stdin runs, and its exit status is kept', async () => {
    const r = await asUser([allowed], 'echo hi; exit 3\n');
    expect(classifyExit(r.code ?? -1, r.stderr, 'ssh:x')).toBeNull();
    expect(r.stdout).toBe('hi\n');
    expect(r.code).toBe(3);
  });
});
