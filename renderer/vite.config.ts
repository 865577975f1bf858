/**
 * Renderer build: relative asset paths (base './') so the same files load from
 * Electron's protocol and from the browser bridge; no inline scripts or
 * module preload polyfill, so the strict CSP in index.html holds.
 */
import { defineConfig, type Plugin, type ResolvedConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes build-stamp.json beside the bundle: whether it is a production build.
 * A build made under Vitest (NODE_ENV=test) is React's development build, twice
 * the size and much slower on the `full` host; `npm start` rebuilds anything
 * without a production stamp (bin/rendererBuild.mjs).
 */
function buildStamp(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'apmatrix-build-stamp',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle() {
      const stamp = {
        mode: config.isProduction ? 'production' : 'development',
        nodeEnv: process.env.NODE_ENV ?? null,
        builtAt: new Date().toISOString()
      };
      writeFileSync(join(config.build.outDir, 'build-stamp.json'), JSON.stringify(stamp) + '\n');
    }
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), buildStamp()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false
  }
});
