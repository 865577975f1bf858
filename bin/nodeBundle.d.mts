// Types for bin/nodeBundle.mjs (a plain build script), for the tests and benchmarks that use it.
export const ROOT: string;
export const ENTRIES: Record<string, string>;
export function freshEntry(name: string, root?: string): string | null;
export function buildBundle(root?: string, entries?: Record<string, string>): Promise<string>;
export function ensureBundle(root?: string, entries?: Record<string, string>): Promise<boolean>;
export function loadEntry(name: string, root?: string, entries?: Record<string, string>): Promise<Record<string, unknown>>;
