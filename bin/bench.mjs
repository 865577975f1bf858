#!/usr/bin/env node
// `npm run bench [-- NAME...]`: runs the benchmarks under bench/ one after the
// other (each prints its baseline, its candidate and the ratio). With names,
// only the files whose name contains one of them: `npm run bench -- validate grid`.
// The SSH read benchmark takes minutes (it drives sshd over a FUSE mount at
// 0 and 20 ms added round-trip time), so it runs only when named.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SLOW = ['sshRead'];
const wanted = process.argv.slice(2);
const all = readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.includes(w))) : all.filter((f) => !SLOW.some((s) => f.startsWith(s)));
if (!chosen.length) {
  console.error(`no benchmark matches ${wanted.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const file of chosen) {
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', file)], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (!wanted.length) console.log(`\n(skipped, run by name: ${all.filter((f) => SLOW.some((s) => f.startsWith(s))).join(', ')})`);
process.exit(failed ? 1 : 0);
