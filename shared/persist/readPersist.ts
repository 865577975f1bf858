/**
 * Builds a PersistentState from the persistent files' contents, whoever read
 * them (the dump parser, the simulator's reboot). Every problem is a warning,
 * never a failure; a host with no persistent file at all has no known
 * persistent state (undefined), so nothing is concluded from silence.
 */
import type { MdevctlDefinition, ReadWarning } from '../host/hostState';
import { maskToHex } from '../ap';
import { configuredParams, paramsFromCmdline } from './kernelParams';
import { parseUdevRule } from './udevRule';
import { PROC_CMDLINE_FILE, UDEV_RULE_FILE, type PersistentState } from './types';

/** A file's content: a string; null = does not exist; undefined = exists but could not be read. */
export type FileContent = string | null | undefined;

export interface PersistFiles {
  udevRule: FileContent;
  procCmdline: FileContent;
  ziplConf: FileContent;
  kernelCmdline: FileContent;
  /** the definitions, or null when the mdevctl directory could not be listed (or does not exist) */
  definitions: MdevctlDefinition[] | null;
  /** the mdevctl directory exists (listed or not) */
  mdevctlDirExists: boolean;
}

export function persistFromFiles(f: PersistFiles, warn: (w: ReadWarning) => void): PersistentState | undefined {
  const exists = (c: FileContent) => c !== null;
  if (!exists(f.udevRule) && !exists(f.procCmdline) && !exists(f.ziplConf) && !exists(f.kernelCmdline) && !f.mdevctlDirExists)
    return undefined;

  let udevRule: PersistentState['udevRule'] = null;
  if (typeof f.udevRule === 'string') {
    const r = parseUdevRule(f.udevRule);
    for (const p of r.problems) warn({ file: UDEV_RULE_FILE, reason: `${p}; that mask line is ignored` });
    udevRule = { apmask: r.apmask ? maskToHex(r.apmask) : null, aqmask: r.aqmask ? maskToHex(r.aqmask) : null, file: UDEV_RULE_FILE };
  }

  let bootParams: PersistentState['bootParams'] = null;
  if (typeof f.procCmdline === 'string') {
    const p = paramsFromCmdline(f.procCmdline, PROC_CMDLINE_FILE);
    for (const x of p.problems) warn({ file: PROC_CMDLINE_FILE, reason: x });
    bootParams = p.source ?? { apmask: null, aqmask: null, file: PROC_CMDLINE_FILE }; // unparseable: as if unset
  }

  const conf = configuredParams(
    typeof f.ziplConf === 'string' ? f.ziplConf : null,
    typeof f.kernelCmdline === 'string' ? f.kernelCmdline : null
  );
  for (const x of conf.problems) warn({ file: conf.source?.file ?? 'kernel parameters', reason: x });

  return {
    udevRule,
    bootParams,
    configuredParams: conf.found ? (conf.source ?? { apmask: null, aqmask: null, file: 'kernel parameters' }) : null,
    definitions: f.definitions ?? [],
    readable: { udevRule: f.udevRule !== undefined, mdevctl: f.definitions !== null }
  };
}
