/**
 * When a dump is not a host to show: a root that is not a sysfs tree with an
 * AP bus (`/etc`, an empty directory), or a value the whole picture rests on
 * that could not be read or parsed (the host masks, the LPAR masks, an mdev's
 * matrix). Reading such a dump as a host would invent values (all ones for
 * apmask) and show an empty grid that looks healthy, so the read is refused
 * with one sentence naming the file instead. Other unreadable files stay
 * warnings of the host read (parseDump.ts).
 */
import { splitDumpPath, type DumpEntry, type TokenizedDump } from './dumpFormat';
import { AP_DRIVERS, BUS_FILES, SYSFS_FILE_CAP } from './dumpScript';
import { isBad, parseApConfigText, parseControlDomainsText, parseIntText, parseMaskText, parseMatrixText, type Bad } from './parseValues';

export type ReadRefusalCode = 'not-sysfs' | 'unreadable-value';

export interface ReadRefusal {
  code: ReadRefusalCode;
  /** the logical path (`/sys/bus/ap/apmask`) */
  file: string;
  /** one sentence, naming the file */
  message: string;
}

const BUS = '/sys/bus/ap';
const MATRIX = '/sys/devices/vfio_ap/matrix';
const UUID_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Why an entry is not a readable file, as a sentence fragment ("is a directory"). */
export function entryProblem(e: DumpEntry | undefined): string | null {
  if (!e) return 'is not in the dump';
  switch (e.kind) {
    case 'file':
      return null;
    case 'missing':
      return 'does not exist';
    case 'dir':
      return 'is a directory, a file was expected';
    case 'error':
      return readErrorText(e.reason);
  }
}

/** The sentence for an `@ error` reason of the dump. */
export function readErrorText(reason: string): string {
  switch (reason) {
    case 'EFBIG':
      return `holds more than one page (${SYSFS_FILE_CAP} bytes): not a sysfs attribute`;
    case 'ENOTREG':
      return 'is not a regular file (a FIFO, socket or device where a sysfs attribute should be)';
    case 'EISDIR':
      return 'is a directory, a file was expected';
    case 'truncated':
      return 'was cut short in the dump';
    default:
      return `could not be read (${reason})`;
  }
}

// §2 masks the grid and every plan rest on; LPAR masks may read `not supported` (§9.6)
const REQUIRED_MASKS: ReadonlyArray<{ name: string; noQci: boolean }> = [
  { name: 'apmask', noQci: false },
  { name: 'aqmask', noQci: false },
  { name: 'ap_adapter_mask', noQci: true },
  { name: 'ap_usage_domain_mask', noQci: true },
  { name: 'ap_control_domain_mask', noQci: true }
];

/** below the sysfs root, as the user sees it (`bus/ap/apmask`): the label names the root */
const shown = (file: string) => file.replace(/^\/sys\//, '');

function refuseValue(file: string, problem: string): ReadRefusal {
  return { code: 'unreadable-value', file, message: `${shown(file)} ${problem}; refusing to read this host rather than guess its value` };
}

function checkValue<T>(dump: TokenizedDump, file: string, parse: (t: string) => T | Bad, optional: boolean): ReadRefusal | null {
  const e = dump.entries.get(file);
  if (optional && (!e || e.kind === 'missing')) return null;
  const problem = entryProblem(e);
  if (problem) return refuseValue(file, problem);
  const v = parse((e as { text: string }).text);
  return isBad(v) ? refuseValue(file, `has unexpected content: ${v.bad}`) : null;
}

/** The reason to refuse this dump as a host, or null when it can be shown. */
export function readRefusal(dump: TokenizedDump): ReadRefusal | null {
  if (!dump.headerSeen) return { code: 'not-sysfs', file: 'dump', message: 'the host did not print an AP Matrix dump' };
  const present = (p: string) => {
    const e = dump.entries.get(p);
    return e !== undefined && e.kind !== 'missing';
  };
  const anyBus = BUS_FILES.some((f) => present(`${BUS}/${f}`)) || AP_DRIVERS.some((d) => present(`${BUS}/drivers/${d}`));
  if (!anyBus) {
    return {
      code: 'not-sysfs',
      file: BUS,
      message: 'not a sysfs tree with an AP bus: bus/ap is missing (no bus/ap/apmask, bus/ap/aqmask or bus/ap/drivers below the root)'
    };
  }
  for (const { name, noQci } of REQUIRED_MASKS) {
    const parse = (t: string) => (noQci && t.trim() === 'not supported' ? true : parseMaskText(t));
    const r = checkValue(dump, `${BUS}/${name}`, parse, false);
    if (r) return r;
  }
  for (const name of ['ap_max_adapter_id', 'ap_max_domain_id']) {
    const r = checkValue(dump, `${BUS}/${name}`, (t) => parseIntText(t, 0, 255), true);
    if (r) return r;
  }
  return mdevRefusal(dump);
}

/** §6.1 an mdev whose matrix cannot be read would show as empty: refused as well. */
function mdevRefusal(dump: TokenizedDump): ReadRefusal | null {
  const listing = dump.entries.get(MATRIX);
  const uuids = new Set(listing?.kind === 'dir' ? listing.entries.filter((n) => UUID_NAME.test(n)) : []);
  for (const dir of dump.dirs) {
    const { dir: parent, name } = splitDumpPath(dir);
    if (parent === MATRIX && UUID_NAME.test(name)) uuids.add(name);
  }
  for (const u of [...uuids].sort()) {
    const dir = `${MATRIX}/${u}`;
    const cfg = dump.entries.get(`${dir}/ap_config`);
    if (cfg && cfg.kind !== 'missing') {
      const r = checkValue(dump, `${dir}/ap_config`, parseApConfigText, false);
      if (r) return r;
      continue;
    }
    const r =
      checkValue(dump, `${dir}/matrix`, parseMatrixText, false) ??
      checkValue(dump, `${dir}/control_domains`, parseControlDomainsText, false);
    if (r) return r;
  }
  return null;
}
