/**
 * The dump of dumpScript.ts produced in-process from any Sysfs (the kernel model
 * for the simulated transport and for validation snapshots). Same paths, same
 * order, same frames as the shell command, so both parse alike (dumpFormat.ts).
 *
 * `extraFiles` stands for the files below ETC_ROOT, keyed by their path without
 * a leading slash: `etc/libvirt/qemu/Guest1.xml`, `run/libvirt/qemu/Guest1.xml`,
 * `etc/mdevctl.d/matrix/<uuid>`. Without it those directories are reported
 * missing (as on a host without libvirt or mdevctl); with it they all exist.
 */
import type { Sysfs } from '../kernel/types';
import { DumpWriter } from './dumpFormat';
import { modelQueueReader } from './dumpKernelQueues';
import { AP_DRIVERS, BUS_FILES, CARD_FILES, ETC_DIRS, MDEV_FILES, PERSIST_ETC_FILES, QUEUE_FILES } from './dumpScript';

const CARD_DIR = /^card[0-9a-f]{2}$/;
const QUEUE_DIR = /^[0-9a-f]{2}\.[0-9a-f]{4}$/;
/** the script's glob `[0-9a-f]*-*-*-*-*` */
const MDEV_GLOB = /^[0-9a-f].*-.*-.*-.*-.*$/s;

/** The byte order the shell's C-locale glob sorts in (ASCII names). */
function byteSort(names: string[]): string[] {
  return names.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function errCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'unreadable';
}

class SysfsReader {
  constructor(
    private readonly fs: Sysfs,
    private readonly w: DumpWriter
  ) {}

  /** `[ -e path ]`: the kinds the model knows all exist; any error means no. */
  exists(path: string): boolean {
    try {
      this.fs.stat(path);
      return true;
    } catch {
      return false;
    }
  }

  isDir(path: string): boolean {
    try {
      this.fs.list(path);
      return true;
    } catch {
      return false;
    }
  }

  /** Reads one file into a frame named `name` (logical absolute or relative). */
  read(path: string, name: string): void {
    try {
      this.w.file(name, this.fs.read(path));
    } catch (e) {
      const code = errCode(e);
      if (code === 'ENOENT') this.w.missing(name);
      else this.w.error(name, code);
    }
  }

  /** The script's F: a missing frame when `[ -e ]` fails, else the read. */
  fileOrMissing(path: string, name: string): void {
    if (this.exists(path)) this.read(path, name);
    else this.w.missing(name);
  }

  /** The script's L: a sorted listing, or missing / error. Returns the names. */
  list(path: string): string[] {
    const name = '/sys/' + path;
    let names: string[];
    try {
      names = this.fs.list(path);
    } catch (e) {
      const code = errCode(e);
      if (code === 'ENOENT') this.w.missing(name);
      else this.w.error(name, code);
      return [];
    }
    const sorted = byteSort(names.filter((n) => !n.startsWith('.')));
    this.w.dir(name, sorted);
    return sorted;
  }
}

export interface DumpOptions {
  /** read every file through the Sysfs even when it is the kernel model (tests compare both ways) */
  generic?: boolean;
}

/**
 * Dumps a Sysfs (and optional ETC_ROOT files) in the dump format. When `sysfs`
 * is the kernel model, the 65,536-queue part is computed from its state instead
 * of resolving each file (same bytes, about 30 times faster; see
 * dumpKernelQueues.ts and test/unit/dumpSysfs.test.ts).
 */
export function dumpFromSysfs(sysfs: Sysfs, extraFiles?: Record<string, string>, opts: DumpOptions = {}): string {
  const w = new DumpWriter();
  const r = new SysfsReader(sysfs, w);
  const fast = opts.generic ? null : modelQueueReader(sysfs);

  for (const f of BUS_FILES) r.fileOrMissing(`bus/ap/${f}`, `/sys/bus/ap/${f}`);
  const bound: Record<string, Set<string>> = {};
  for (const d of AP_DRIVERS) bound[d] = new Set(r.list(`bus/ap/drivers/${d}`));

  const cards = r.list('devices/ap').filter((n) => CARD_DIR.test(n));
  for (const c of cards) {
    const cdir = `devices/ap/${c}`;
    if (!r.isDir(cdir)) continue;
    w.cd(`/sys/${cdir}`);
    for (const f of CARD_FILES) r.fileOrMissing(`${cdir}/${f}`, f);
    let queues: string[];
    try {
      queues = byteSort((fast ? fast.list(c) : sysfs.list(cdir)).filter((n) => QUEUE_DIR.test(n)));
    } catch {
      queues = [];
    }
    for (const q of queues) {
      const qdir = `${cdir}/${q}`;
      w.cd(`/sys/${qdir}`);
      const online = bound.cex4queue.has(q); // §3.2 `online` added by cex4queue
      const status = bound.vfio_ap.has(q); // §3.2 `status` added by vfio_ap
      if (fast) {
        fast.frames(w, c, q, online, status);
        continue;
      }
      for (const f of QUEUE_FILES) r.read(`${qdir}/${f}`, f);
      if (online) r.read(`${qdir}/online`, 'online');
      if (status) r.read(`${qdir}/status`, 'status');
    }
  }

  const matrix = 'devices/vfio_ap/matrix';
  const entries = r.list(matrix);
  r.fileOrMissing(`${matrix}/features`, `/sys/${matrix}/features`);
  for (const u of entries) {
    if (!MDEV_GLOB.test(u)) continue;
    const mdir = `${matrix}/${u}`;
    if (!r.isDir(mdir)) continue;
    w.cd(`/sys/${mdir}`);
    for (const f of MDEV_FILES) r.fileOrMissing(`${mdir}/${f}`, f);
  }

  dumpExtraFiles(w, extraFiles);
  // persistent files (dumpScript.ts PERSIST_ETC_FILES, then /proc/cmdline), keyed like the others
  for (const k of [...PERSIST_ETC_FILES.map((f) => `etc/${f}`), 'proc/cmdline']) {
    const text = extraFiles?.[k];
    if (text === undefined) w.missing(`/${k}`);
    else w.file(`/${k}`, text);
  }
  return w.finish();
}

/** The ETC_ROOT part: listings of the three directories and their files. */
function dumpExtraFiles(w: DumpWriter, extraFiles: Record<string, string> | undefined): void {
  for (const { dir, files } of ETC_DIRS) {
    if (!extraFiles) {
      w.missing(`/${dir}`);
      continue;
    }
    const names = byteSort(
      Object.keys(extraFiles)
        .filter((k) => k.startsWith(dir + '/') && !k.slice(dir.length + 1).includes('/'))
        .map((k) => k.slice(dir.length + 1))
        .filter((n) => n !== '' && !n.startsWith('.'))
    );
    w.dir(`/${dir}`, names);
    for (const n of names) {
      if (files === 'xml' && !n.endsWith('.xml')) continue;
      w.file(`/${dir}/${n}`, extraFiles[`${dir}/${n}`]);
    }
  }
}
