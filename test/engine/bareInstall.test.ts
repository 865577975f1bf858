/**
 * `npm install && npm start` on a bare machine (only Node and npm): fuse-native's
 * install script fails there (no libfuse.so.2 for its prebuilt binding, no
 * Python or compiler for node-gyp), which must not fail the install, and the
 * app must then be served without FUSE.
 *
 * The bare machine is a private mount namespace (root + unshare) in which
 * libfuse.so.2, Python, make and the C compilers are hidden, and a fresh copy
 * of the project (its files, no node_modules, no dist). npm installs from its
 * cache (--prefer-offline): bounded, and offline where `npm ci` filled it.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LIBFUSE = ['/usr/lib/x86_64-linux-gnu/libfuse.so.2', '/lib/x86_64-linux-gnu/libfuse.so.2'].find((p) => existsSync(p));
const canUnshare = process.getuid?.() === 0 && existsSync('/usr/bin/unshare') && LIBFUSE !== undefined;
const SKIP = new Set(['node_modules', 'dist', 'out', 'test-results', 'artifacts', '.git', '.vite']);

describe.skipIf(!canUnshare)('a bare machine: npm install && npm start', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'apmatrix-bare-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs although fuse-native cannot be built, serves the app; sim mount works as root and says what is missing otherwise', async () => {
    const app = path.join(work, 'app');
    cpSync(ROOT, app, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) || path.dirname(src) !== ROOT });
    const empty = path.join(work, 'empty');
    writeFileSync(empty, '');
    const script = `
set -u
# a bare machine: no libfuse.so.2, no Python, no make, no C compiler
mount --bind ${empty} "$(readlink -f ${LIBFUSE})"
for p in /usr/bin/python3* /usr/bin/python /usr/bin/make /usr/bin/cc /usr/bin/gcc* /usr/bin/g++* /usr/bin/c++ "$HOME"/.pyenv/shims/python*; do
  [ -e "$p" ] && mount --bind /bin/false "$(readlink -f "$p")" 2>/dev/null
done
cd ${app}
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --prefer-offline --no-audit --no-fund --foreground-scripts >${work}/install.log 2>&1
status=$?; echo "install status $status"; [ "$status" -eq 0 ] || exit 0
[ -e node_modules/fuse-native ] && echo "fuse-native installed" || echo "fuse-native absent"
mkdir -p ${work}/mnt
APMATRIX_SIM_FUSE=libfuse node bin/apmatrix.mjs sim mount ${work}/mnt 2>&1; echo "sim mount status $?"
# root needs no binding at all: it mounts over /dev/fuse itself
node bin/apmatrix.mjs sim mount ${work}/mnt >${work}/mount.log 2>&1 & mount_pid=$!
for i in $(seq 1 100); do grep -q mounted ${work}/mount.log && break; sleep 0.1; done
echo "root mount reads $(cat ${work}/mnt/bus/ap/ap_max_domain_id)"
kill $mount_pid; wait $mount_pid
node bin/start.mjs --browser --no-open >${work}/start.log 2>&1 &
for i in $(seq 1 180); do grep -q 'Ctrl+C' ${work}/start.log && break; sleep 1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/?token=[A-Za-z0-9_-]*' ${work}/start.log)
echo "page status $(curl -s -o ${work}/page.html -w '%{http_code}' "$url")"
echo "page $(grep -o '<title>[^<]*</title>' ${work}/page.html)"
kill %1
`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('unshare', ['-m', 'bash', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no result in 8 minutes:\n${text}`))), 480_000);
      child.on('close', () => (clearTimeout(timer), resolve(text)));
    });
    const lines = out.trim().split('\n');
    expect(lines, out).toContain('install status 0');
    expect(lines).toContain('fuse-native absent');
    expect(lines).toContain(
      'apmatrix sim: the FUSE binding (optional npm package fuse-native) is not installed: run `apt-get install libfuse2 fuse`, then `npm install --include=optional` in the AP Matrix folder'
    );
    expect(lines).toContain('sim mount status 1');
    expect(lines).toContain('root mount reads 84');
    expect(lines).toContain('page status 200');
    expect(lines).toContain('page <title>AP Matrix</title>');
  }, 500_000);
});
