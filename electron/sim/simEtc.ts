/**
 * The simulator's persistent side: `apmatrix sim mount DIR --etc ETCDIR` keeps
 * the host's /etc files (chzdev's udev rule, the boot command line, mdevctl
 * definitions, libvirt domains) in ETCDIR, seeded from the scenario when the
 * directory is new or empty, and `sim event DIR reboot` brings the mounted
 * model up again from them with the same next-boot function the app and the
 * audit use (shared/persist/nextBoot.ts).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { MdevctlDefinition } from '../../shared/host/hostState';
import { parseMdevctlJson } from '../../shared/host/parseExtras';
import { isBad } from '../../shared/host/parseValues';
import type { KernelState } from '../../shared/kernel/types';
import { bootKernelState, type NextBoot } from '../../shared/persist/nextBoot';
import { persistFromFiles, type FileContent } from '../../shared/persist/readPersist';
import type { PersistentState } from '../../shared/persist/types';
import { SimError } from './simError';

const UUID_NAME = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

/**
 * Creates ETCDIR when missing and, when it is empty, writes the scenario's
 * files below `etc/` into it (`etc/udev/rules.d/41-ap.rules` -> ETCDIR/udev/rules.d/41-ap.rules).
 * An ETCDIR that already holds files is the persistent state of an earlier run: left as it is.
 */
export function seedEtcDir(etcDir: string, files: Record<string, string>): boolean {
  mkdirSync(etcDir, { recursive: true });
  if (!isEmptyDir(etcDir)) return false;
  for (const [key, text] of Object.entries(files)) {
    if (!key.startsWith('etc/')) continue;
    const file = path.join(etcDir, key.slice('etc/'.length));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return true;
}

function readOrNull(file: string): FileContent {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
}

/** The persistent state in ETCDIR, read as the dump reader would (problems go to `warn`). */
export function readEtcDir(etcDir: string, warn: (line: string) => void = () => undefined): PersistentState | undefined {
  const matrixDir = path.join(etcDir, 'mdevctl.d/matrix');
  let entries: Dirent[] | null;
  try {
    entries = readdirSync(matrixDir, { withFileTypes: true });
  } catch {
    entries = null;
  }
  const definitions: MdevctlDefinition[] = [];
  for (const e of entries ?? []) {
    if (!e.isFile() || !UUID_NAME.test(e.name)) continue;
    const text = readOrNull(path.join(matrixDir, e.name));
    if (typeof text !== 'string') continue;
    const def = parseMdevctlJson(text);
    if (isBad(def)) {
      warn(`${path.join(matrixDir, e.name)}: not a usable mdevctl definition: ${def.bad}`);
      continue;
    }
    definitions.push({ uuid: e.name.toLowerCase(), start: def.start, attrs: def.attrs, file: `/etc/mdevctl.d/matrix/${e.name}` });
  }
  definitions.sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
  return persistFromFiles(
    {
      udevRule: readOrNull(path.join(etcDir, 'udev/rules.d/41-ap.rules')),
      procCmdline: null, // the simulator was not booted with a command line of its own
      ziplConf: readOrNull(path.join(etcDir, 'zipl.conf')),
      kernelCmdline: readOrNull(path.join(etcDir, 'kernel/cmdline')),
      definitions: entries ? definitions : null,
      mdevctlDirExists: entries !== null
    },
    (w) => warn(`${w.file}: ${w.reason}`)
  );
}

/** Reboots the model in place from ETCDIR; returns what the boot did. */
export function rebootFromEtc(state: KernelState, etcDir: string | undefined, warn?: (line: string) => void): NextBoot {
  if (etcDir === undefined) throw new SimError('this simulator has no persistent files: mount it with `--etc ETCDIR` to reboot it');
  const persist = readEtcDir(etcDir, warn) ?? {
    udevRule: null,
    bootParams: null,
    configuredParams: null,
    definitions: [],
    readable: { udevRule: true, mdevctl: true }
  };
  const boot = bootKernelState(state, persist);
  Object.assign(state, boot.state); // the kernel serves this state object: replace its contents
  return boot;
}
