/**
 * The persistent part of a dump (dumpScript.ts PERSIST_ETC_FILES, /proc/cmdline
 * and the mdevctl directory) into a PersistentState (shared/persist). A file
 * that does not exist is simply absent; one that cannot be read is a warning.
 */
import type { DumpView } from './dumpView';
import type { MdevctlDefinition } from './hostState';
import { persistFromFiles, type FileContent } from '../persist/readPersist';
import {
  KERNEL_CMDLINE_FILE,
  MDEVCTL_MATRIX_DIR,
  PROC_CMDLINE_FILE,
  UDEV_RULE_FILE,
  ZIPL_CONF_FILE,
  type PersistentState
} from '../persist/types';

function content(v: DumpView, path: string): FileContent {
  const e = v.entry(path);
  if (!e || e.kind === 'missing') return null;
  if (e.kind === 'file') return e.text;
  v.warn(path, e.kind === 'error' ? `could not be read (${e.reason})` : 'is a directory, a file was expected');
  return undefined;
}

export function parsePersist(v: DumpView, definitions: MdevctlDefinition[], mdevctlReadable: boolean): PersistentState | undefined {
  const dir = v.entry(MDEVCTL_MATRIX_DIR);
  return persistFromFiles(
    {
      udevRule: content(v, UDEV_RULE_FILE),
      procCmdline: content(v, PROC_CMDLINE_FILE),
      ziplConf: content(v, ZIPL_CONF_FILE),
      kernelCmdline: content(v, KERNEL_CMDLINE_FILE),
      // a directory that does not exist holds no definition; one that cannot be listed is unknown
      definitions: mdevctlReadable ? definitions : dir === undefined || dir.kind === 'missing' ? [] : null,
      mdevctlDirExists: dir !== undefined && dir.kind !== 'missing'
    },
    (w) => v.warn(w.file, w.reason)
  );
}
