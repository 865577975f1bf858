/**
 * A router of the engine tests: a fresh home below the temp dir, connected to
 * the in-process demo host, disposed after each test of the file.
 *
 *   const connectDemo = demoRouterPerTest('apmx-gate-');
 *   const { r, c } = await connectDemo();        // or connectDemo('E1') for the 5.15 era
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createRouter, type Router } from '../../electron/engine/router';

export function demoRouterPerTest(prefix: string) {
  let router: Router | null = null;
  afterEach(async () => {
    await router?.dispose();
    router = null;
  });
  return async (era?: 'E1' | 'E3') => {
    const home = mkdtempSync(join(tmpdir(), prefix));
    const r = createRouter({ homeDir: home, agentSocket: null, saveDir: join(home, 'out') });
    router = r;
    const c = await r.connect({ target: { kind: 'demo', scenario: 'demo', ...(era ? { era } : {}) } });
    if (!c.ok) throw new Error(c.message);
    return { r, c };
  };
}
