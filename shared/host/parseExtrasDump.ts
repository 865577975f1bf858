/**
 * The libvirt and mdevctl parts of a dump (below ETC_ROOT) into guests and
 * mdevctl definitions. A directory that does not exist means "not installed"
 * (no warning); one that cannot be listed is a warning; in both cases the
 * information is marked unreadable so the audit does not conclude "no guest".
 */
import type { DumpView } from './dumpView';
import type { GuestInfo, MdevctlDefinition } from './hostState';
import { parseDomainXml, parseMdevctlJson } from './parseExtras';
import { isBad } from './parseValues';

const LIBVIRT_DIRS = [
  { dir: '/etc/libvirt/qemu', running: false },
  { dir: '/run/libvirt/qemu', running: true } // live status of running guests (docs/host-tools.md §5.2)
];
const MDEVCTL_DIR = '/etc/mdevctl.d/matrix';
const UUID_NAME = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function parseGuests(v: DumpView): { guests: GuestInfo[]; readable: boolean } {
  const byName = new Map<string, GuestInfo>();
  let readable = false;
  for (const { dir, running } of LIBVIRT_DIRS) {
    const names = v.list(dir, true);
    if (names === null) continue;
    readable = true;
    for (const n of names) {
      if (!n.endsWith('.xml')) continue;
      const path = `${dir}/${n}`;
      if (!v.entry(path)) continue; // listed but not a regular file: the reader skipped it
      const text = v.text(path, false);
      if (text === null) continue;
      const info = parseDomainXml(text);
      if (isBad(info)) {
        v.warn(path, `not a usable libvirt domain: ${info.bad}`);
        continue;
      }
      if (!info.mdev) continue; // no vfio-ap hostdev: not an AP guest
      const known = byName.get(info.name);
      if (!running) byName.set(info.name, { name: info.name, mdev: info.mdev, running: known?.running ?? false, file: path });
      else byName.set(info.name, { name: info.name, mdev: info.mdev, running: true, file: known?.file ?? path }); // live XML wins
    }
  }
  return { guests: [...byName.values()].sort((a, b) => byteOrder(a.name, b.name)), readable };
}

export function parseMdevctlDir(v: DumpView): { definitions: MdevctlDefinition[]; readable: boolean } {
  const names = v.list(MDEVCTL_DIR, true);
  if (names === null) return { definitions: [], readable: false };
  const out: MdevctlDefinition[] = [];
  for (const n of names) {
    const path = `${MDEVCTL_DIR}/${n}`;
    if (!v.entry(path)) continue;
    if (!UUID_NAME.test(n)) {
      v.warn(path, 'an mdevctl definition file must be named by the mdev UUID: ignored');
      continue;
    }
    const text = v.text(path, false);
    if (text === null) continue;
    const def = parseMdevctlJson(text);
    if (isBad(def)) {
      v.warn(path, `not a usable mdevctl definition: ${def.bad}`);
      continue;
    }
    out.push({ uuid: n.toLowerCase(), start: def.start, attrs: def.attrs, file: path });
  }
  return { definitions: out.sort((a, b) => byteOrder(a.uuid, b.uuid)), readable: true };
}
