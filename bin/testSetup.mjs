/**
 * The system set-up `npm test` does itself (bin/test.mjs calls runTestSetup):
 *
 * 1. The Debian packages the test tiers use. The missing ones are installed
 *    with apt-get (`apt-get update` first) when this runs as root or can use
 *    `sudo -n`, after one line saying what is installed and why. Where
 *    neither is possible it stops with the exact command to run.
 * 2. /dev/fuse: `modprobe fuse`, else the device node is created (10:229),
 *    and made usable by everyone (containers often lack it).
 *
 * With APMATRIX_TEST_SETUP=check nothing is installed: the missing parts are
 * named and the run goes on (the tests that need them fail saying so).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

function onPath(cmd) {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(path.join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const LIBFUSE = [
  '/usr/lib/x86_64-linux-gnu/libfuse.so.2',
  '/lib/x86_64-linux-gnu/libfuse.so.2',
  '/usr/lib/aarch64-linux-gnu/libfuse.so.2',
  '/usr/lib/s390x-linux-gnu/libfuse.so.2',
  '/usr/lib/libfuse.so.2'
];

/** Each Debian package, the test tier that needs it, and how to tell it is there. */
export const PACKAGES = [
  { pkg: 'fuse', why: 'fusermount for the FUSE simulator', present: () => onPath('fusermount') },
  { pkg: 'libfuse2', why: 'libfuse.so.2 for the FUSE binding', present: () => LIBFUSE.some((p) => existsSync(p)) },
  { pkg: 'openssh-server', why: 'sshd for the SSH engine tests', present: () => existsSync('/usr/sbin/sshd') },
  { pkg: 'sudo', why: 'sudo for the sudo wrapper tests', present: () => onPath('sudo') },
  { pkg: 'chromium', why: 'Chromium for the end-to-end tests', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'libvirt-clients', why: 'virt-xml-validate for the libvirt export tests', present: () => onPath('virt-xml-validate') },
  { pkg: 'libxml2-utils', why: 'xmllint, which virt-xml-validate runs', present: () => onPath('xmllint') },
  { pkg: 'mdevctl', why: 'mdevctl for the mdevctl export tests', present: () => onPath('mdevctl') },
  { pkg: 'ansible-core', why: 'ansible-playbook for the playbook export tests', present: () => onPath('ansible-playbook') }
];

/**
 * What to do about the missing packages: nothing, install them (as root or
 * through `sudo -n`), or stop with the command a person must run.
 * Pure, for the tests: the facts about the machine come in as arguments.
 */
export function planInstall(missing, { isRoot, canSudo, hasApt }) {
  if (missing.length === 0) return { action: 'none' };
  const names = missing.map((m) => m.pkg);
  const install = ['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...names];
  const manual = `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
  if (!hasApt) return { action: 'stop', command: null, names };
  if (isRoot) return { action: 'install', prefix: [], update: ['apt-get', 'update', '-q'], install, names };
  if (canSudo) return { action: 'install', prefix: ['sudo', '-n'], update: ['apt-get', 'update', '-q'], install, names };
  return { action: 'stop', command: `sudo sh -c '${manual}'`, names };
}

function run(argv, { timeoutS, quiet }) {
  const r = spawnSync(argv[0], argv.slice(1), {
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: timeoutS * 1000
  });
  return { ok: r.status === 0, why: r.error ? r.error.message : (r.stderr?.toString().trim().split('\n').pop() ?? '') };
}

/** /dev/fuse usable by everyone; returns a sentence when it could not be made so. */
function setUpDevFuse(prefix) {
  const usable = () => {
    try {
      accessSync('/dev/fuse', constants.R_OK | constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (existsSync('/dev/fuse') && usable()) return null;
  const sh = (cmd) => {
    const argv = [...prefix, 'sh', '-c', cmd];
    spawnSync(argv[0], argv.slice(1), { stdio: 'ignore', timeout: 30_000 });
  };
  sh('modprobe fuse');
  if (!existsSync('/dev/fuse')) sh('mknod -m 666 /dev/fuse c 10 229');
  sh('chmod 666 /dev/fuse');
  return usable()
    ? null
    : '/dev/fuse is missing or not usable: FUSE tests will fail; run `modprobe fuse` as root (containers: --device /dev/fuse --cap-add SYS_ADMIN)';
}

/**
 * Does the set-up; `note` prints one line. Returns false when the run must
 * stop (packages missing and nobody may install them).
 */
export function runTestSetup(note) {
  const checkOnly = process.env.APMATRIX_TEST_SETUP === 'check';
  const isRoot = process.getuid?.() === 0;
  const missing = PACKAGES.filter((p) => {
    try {
      return !p.present();
    } catch {
      return true;
    }
  });
  const canSudo =
    !isRoot &&
    (missing.length > 0 || !existsSync('/dev/fuse')) &&
    onPath('sudo') &&
    spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  const plan = planInstall(missing, { isRoot, canSudo, hasApt: onPath('apt-get') });
  const what = missing.map((m) => `${m.pkg} (${m.why})`).join(', ');

  if (plan.action !== 'none' && checkOnly) {
    note(`missing: ${what}; the tests that need them will fail (APMATRIX_TEST_SETUP=check installs nothing)`);
  } else if (plan.action === 'stop') {
    note(`missing: ${what}`);
    note(
      plan.command
        ? `install them as root, then run the tests again: ${plan.command}`
        : 'no apt-get here: install the equivalent packages of your distribution, then run the tests again'
    );
    note('(or run without them: APMATRIX_TEST_SETUP=check npm test; the tests that need them then fail)');
    return false;
  } else if (plan.action === 'install') {
    note(`installing ${what} with apt-get${plan.prefix.length ? ' through sudo -n' : ' as root'}`);
    if (!run([...plan.prefix, ...plan.update], { timeoutS: 300, quiet: true }).ok)
      note('apt-get update failed: installing from the package lists already here');
    const r = run([...plan.prefix, ...plan.install], { timeoutS: 900, quiet: true });
    if (!r.ok) note(`apt-get install failed (${r.why}): the tests needing ${plan.names.join(', ')} will fail`);
  }

  if (!checkOnly) {
    const problem = setUpDevFuse(isRoot ? [] : canSudo ? ['sudo', '-n'] : []);
    if (problem) note(problem);
  } else if (!existsSync('/dev/fuse')) {
    note('/dev/fuse is missing: FUSE tests will fail; run `modprobe fuse` as root');
  }
  return true;
}
