// Types for bin/testSetup.mjs (a plain script run before the tests), for its test.
export interface MissingPackage {
  pkg: string;
  why: string;
}
export const PACKAGES: Array<MissingPackage & { present(): boolean }>;
export type InstallPlan =
  | { action: 'none' }
  | { action: 'install'; prefix: string[]; update: string[]; install: string[]; names: string[] }
  | { action: 'stop'; command: string | null; names: string[] };
export function planInstall(missing: MissingPackage[], facts: { isRoot: boolean; canSudo: boolean; hasApt: boolean }): InstallPlan;
export function runTestSetup(note: (line: string) => void): boolean;
