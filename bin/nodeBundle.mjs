/**
 * The command line (electron/cli.ts) and the browser-mode server
 * (electron/bridge/browserMode.ts) bundled with esbuild into dist/node, so that
 * `apmatrix` and `npm start` start with plain Node instead of compiling
 * TypeScript at every run.
 *
 * When it is built: on demand. `loadEntry` (bin/apmatrix.mjs, bin/start.mjs)
 * and `npm test` rebuild it whenever it is missing or stale; nothing runs at
 * `npm install`. Where esbuild is missing or the build fails, the sources run
 * through tsx instead (same behaviour, slower start).
 *
 * Staleness: dist/node/current.json names the current build folder and lists
 * every file esbuild read (plus this file and tsconfig.json) with its size,
 * mtime and sha256. A build is used only when every listed file still has the
 * same size and mtime, or, when those differ (a checkout, a touch), the same
 * sha256. A stale bundle is never used.
 *
 * Builds are side by side: each goes to its own folder `dist/node/<id>` (id =
 * hash of its inputs) and current.json is replaced atomically, so parallel
 * processes (tests) never see a half-written bundle nor lose chunks they still
 * import lazily. Folders other than the current one are removed once a day old.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRIES = { cli: 'electron/cli.ts', browserMode: 'electron/bridge/browserMode.ts' };
const SELF = path.relative(ROOT, fileURLToPath(import.meta.url));
const EXTRA_INPUTS = [SELF, 'tsconfig.json'];
const KEEP_OLD_MS = 24 * 3600_000;

const outRoot = (root) => path.join(root, 'dist', 'node');
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** true when the file still has the content recorded as [size, mtimeMs, sha256] */
function unchanged(root, rel, [size, mtimeMs, hash]) {
  let st;
  try {
    st = statSync(path.join(root, rel));
  } catch {
    return false;
  }
  if (st.size === size && st.mtimeMs === mtimeMs) return true;
  return st.size === size && sha256(path.join(root, rel)) === hash;
}

/**
 * The file URL of entry `name` of the current build when it is up to date
 * with every source it was built from; null when missing or stale.
 */
export function freshEntry(name, root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(outRoot(root), 'current.json'), 'utf8'));
  } catch {
    return null;
  }
  const file = path.join(outRoot(root), manifest.dir ?? '', `${name}.mjs`);
  if (!manifest.dir || !existsSync(file)) return null;
  for (const [rel, record] of Object.entries(manifest.inputs ?? {})) if (!unchanged(root, rel, record)) return null;
  return pathToFileURL(file).href;
}

/** Builds both entries into a new folder and makes it current; returns its path. */
export async function buildBundle(root = ROOT, entries = ENTRIES) {
  const { build } = await import('esbuild');
  const base = outRoot(root);
  mkdirSync(base, { recursive: true });
  const tmp = path.join(base, `.tmp-${process.pid}-${Date.now()}`);
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: entries,
      outdir: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // lazily imported modules (engine, simulator, SSH) land in their own chunks,
      // so `apmatrix sim` never loads the engine and vice versa
      splitting: true,
      target: 'node20',
      // npm packages stay in node_modules (fuse-native, ssh2, ws: native or CommonJS)
      packages: 'external',
      outExtension: { '.js': '.mjs' },
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
    });
    const inputs = {};
    const files = [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS.filter((f) => existsSync(path.join(root, f)))];
    for (const rel of files.sort()) {
      const abs = path.join(root, rel);
      const st = statSync(abs);
      inputs[rel] = [st.size, st.mtimeMs, sha256(abs)];
    }
    const id = createHash('sha256')
      .update(JSON.stringify(Object.entries(inputs).map(([f, r]) => [f, r[2]])))
      .digest('hex')
      .slice(0, 16);
    const dir = path.join(base, id);
    if (existsSync(dir))
      rmSync(tmp, { recursive: true, force: true }); // built the same by another process
    else renameSync(tmp, dir);
    const manifestTmp = path.join(base, `.current-${process.pid}.json`);
    writeFileSync(manifestTmp, JSON.stringify({ dir: id, builtAt: new Date().toISOString(), inputs }, null, 1));
    renameSync(manifestTmp, path.join(base, 'current.json'));
    removeOldBuilds(base, id);
    return dir;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Removes builds other than the current one once a day old: a running server may still import chunks of a recent one. */
function removeOldBuilds(base, currentId) {
  for (const name of readdirSync(base)) {
    if (name === currentId || name === 'current.json') continue;
    const p = path.join(base, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > KEEP_OLD_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      /* removed by another process */
    }
  }
}

/** Builds the bundle unless it is fresh; returns false (never throws) when it could not. */
export async function ensureBundle(root = ROOT, entries = ENTRIES) {
  if (Object.keys(entries).every((name) => freshEntry(name, root))) return true;
  try {
    await buildBundle(root, entries);
    return true;
  } catch {
    return false;
  }
}

/**
 * Imports entry `name` ('cli' or 'browserMode'): the fresh bundle, else a new
 * build, else the TypeScript source through tsx.
 */
export async function loadEntry(name, root = ROOT, entries = ENTRIES) {
  let url = freshEntry(name, root);
  if (!url && (await ensureBundle(root, entries))) url = freshEntry(name, root);
  if (url) return import(url);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(pathToFileURL(path.join(root, entries[name])).href, import.meta.url);
}
