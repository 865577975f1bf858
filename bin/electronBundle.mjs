/**
 * Bundles Electron's main process and preload with esbuild into dist/electron.
 * - main: ESM with code splitting, so the engine and SSH (imported lazily
 *   after the window shows) land in their own chunks; npm packages stay
 *   external (electron-builder ships the `dependencies`).
 * - preload: one CommonJS file, because a sandboxed preload may require only
 *   `electron` and a few built-ins, never local files (B3 item 4).
 */
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';

export async function bundleElectron({ root, production }) {
  const { build } = await import('esbuild');
  const finalDir = path.join(root, 'dist', 'electron');
  // build beside, then swap: a parallel test never sees a half-written folder
  const outdir = `${finalDir}.tmp-${process.pid}`;
  await rm(outdir, { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    sourcemap: production ? false : 'inline',
    minify: false,
    logLevel: 'warning',
    define: { 'process.env.APMATRIX_BUNDLED': '"1"' }
  };
  await build({
    ...common,
    entryPoints: { main: 'electron/main.ts' },
    outdir,
    format: 'esm',
    splitting: true,
    target: 'node22',
    packages: 'external',
    outExtension: { '.js': '.js' },
    // `require` for any CommonJS dependency pulled into an ESM chunk
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
  });
  await build({
    ...common,
    entryPoints: { preload: 'electron/preload.ts' },
    outdir,
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    outExtension: { '.js': '.cjs' }
  });
  await rm(finalDir, { recursive: true, force: true });
  await rename(outdir, finalDir);
  return finalDir;
}
