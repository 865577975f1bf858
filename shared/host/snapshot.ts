/**
 * A host snapshot of any Sysfs (usually the kernel model): the in-process dump
 * parsed exactly like a real host's, so simulated and real reads agree.
 */
import type { Sysfs } from '../kernel/types';
import { dumpFromSysfs } from './dumpSysfs';
import { etcFilesFor, type HostExtras } from './etcFiles';
import type { HostState } from './hostState';
import { parseDump } from './parseDump';

export function snapshotKernel(kernel: Sysfs, extras?: HostExtras, source = 'demo'): HostState {
  return parseDump(dumpFromSysfs(kernel, extras ? etcFilesFor(extras) : undefined), source);
}
