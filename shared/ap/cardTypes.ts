/**
 * Card generations and modes (docs/kernel-model.md §3.3): hwtype 10..14 is
 * CEX4..CEX8; the mode comes from the ap_functions bits, tested in lszcrypt's order.
 */
export type CardMode = 'CCA-Coproc' | 'Accelerator' | 'EP11-Coproc' | 'Unknown';

export const FN_APSC = 0x80000000;
export const FN_MEX4K = 0x40000000;
export const FN_CRT4K = 0x20000000;
export const FN_COPRO = 0x10000000; // D: CCA
export const FN_ACCEL = 0x08000000; // A
export const FN_EP11 = 0x04000000; // X
export const FN_APXA = 0x02000000;
export const FN_HWFILTER = 0x01000000;
export const FN_FULL = 0x00800000;
export const FN_RESTRICTED = 0x00400000;

/** Illustrative ap_functions values per mode (§3.3 table). */
export const FUNCTIONS_FOR_MODE: Record<Exclude<CardMode, 'Unknown'>, number> = {
  Accelerator: 0x6a000000,
  'CCA-Coproc': 0x92000000,
  'EP11-Coproc': 0x06000000
};

export const MIN_VFIO_HWTYPE = 10;
export const MAX_KNOWN_HWTYPE = 14;

/** §3.3: mode from ap_functions, CCA first, then accelerator, then EP11. */
export function modeFromFunctions(functions: number): CardMode {
  if (functions & FN_COPRO) return 'CCA-Coproc';
  if (functions & FN_ACCEL) return 'Accelerator';
  if (functions & FN_EP11) return 'EP11-Coproc';
  return 'Unknown';
}

/** `CEX5C` etc., or null for types without a 6.x device (below 10). */
export function typeName(hwtype: number, mode: CardMode): string | null {
  if (hwtype < MIN_VFIO_HWTYPE) return null;
  const gen = Math.min(hwtype, MAX_KNOWN_HWTYPE) - 6; // 10 -> CEX4
  const letter = mode === 'Accelerator' ? 'A' : mode === 'EP11-Coproc' ? 'P' : 'C';
  return `CEX${gen}${letter}`;
}

/** The compatible type the kernel shows in `hwtype` (§3: above 14 maps down). */
export function compatibleType(rawType: number): number {
  if (rawType < MIN_VFIO_HWTYPE) return 0;
  return Math.min(rawType, MAX_KNOWN_HWTYPE);
}

/** `0x%08X` as sysfs prints ap_functions. */
export function formatFunctions(functions: number): string {
  return '0x' + (functions >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

const LETTERS: Array<[number, string]> = [
  [FN_APSC, 'S'],
  [FN_MEX4K, 'M'],
  [FN_CRT4K, 'C'],
  [FN_COPRO, 'D'],
  [FN_ACCEL, 'A'],
  [FN_EP11, 'X'],
  [FN_APXA, 'N'],
  [FN_HWFILTER, 'H'],
  [FN_FULL, 'F'],
  [FN_RESTRICTED, 'R']
];

/** lszcrypt's FUNCTIONS column: ten letters, `-` for each clear bit. */
export function functionLetters(functions: number): string {
  return LETTERS.map(([bit, l]) => ((functions & bit) !== 0 ? l : '-')).join('');
}
