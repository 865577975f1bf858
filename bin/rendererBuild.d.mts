// Types for bin/rendererBuild.mjs (plain Node, used by npm start), for the tests and benchmarks that share it.
import type { StdioOptions } from 'node:child_process';

export const STAMP_FILE: string;
/** the newest mtime (ms) of a file or of everything below a folder, node_modules and dot entries aside */
export function newestMtime(target: string): number;
export function rendererRebuildReason(root: string, outDir?: string): string | null;
export function buildRendererForProduction(root: string, opts?: { outDir?: string; stdio?: StdioOptions }): number;
export function ensureProductionRenderer(
  root: string,
  opts?: { outDir?: string; force?: boolean; say?: (line: string) => void; stdio?: StdioOptions }
): string | null;
