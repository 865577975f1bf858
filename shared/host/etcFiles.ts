/**
 * The files below ETC_ROOT for a simulated host: a libvirt domain XML per guest
 * (persistent in /etc, live `<domstatus>` in /run while it runs;
 * docs/host-tools.md §5.2) and an mdevctl JSON per definition (§3.5), keyed as dumpFromSysfs
 * expects (`etc/libvirt/qemu/Guest1.xml`).
 */
export interface GuestLike {
  name: string;
  mdev: string;
  running: boolean;
  /** the logical path it was read from (`/etc/libvirt/qemu/Guest1.xml`), kept on a round trip */
  file?: string;
}

export interface MdevctlLike {
  uuid: string;
  start: 'auto' | 'manual';
  attrs: Array<[string, string]>;
}

export interface HostExtras {
  guests: GuestLike[];
  mdevctl: MdevctlLike[];
  /** other persistent files keyed below the root (`etc/udev/rules.d/41-ap.rules`, shared/persist) */
  persistFiles?: Record<string, string>;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

export function domainXml(name: string, uuid: string): string {
  return [
    "<domain type='kvm'>",
    `  <name>${escapeXml(name)}</name>`,
    '  <devices>',
    "    <hostdev mode='subsystem' type='mdev' managed='no' model='vfio-ap'>",
    '      <source>',
    `        <address uuid='${escapeXml(uuid)}'/>`,
    '      </source>',
    '    </hostdev>',
    '  </devices>',
    '</domain>',
    ''
  ].join('\n');
}

const SAFE_FILE = /^[A-Za-z0-9_.+-]+$/;

function guestFileName(g: GuestLike): string {
  const m = g.file ? /^\/?(?:etc|run)\/libvirt\/qemu\/([^/]+\.xml)$/.exec(g.file) : null;
  if (m) return m[1];
  return (SAFE_FILE.test(g.name) ? g.name : g.name.replace(/[^A-Za-z0-9_.+-]/g, '_')) + '.xml';
}

export function etcFilesFor(extras: HostExtras): Record<string, string> {
  const files: Record<string, string> = {};
  for (const g of extras.guests) {
    const file = guestFileName(g);
    files[`etc/libvirt/qemu/${file}`] = domainXml(g.name, g.mdev);
    if (g.running)
      files[`run/libvirt/qemu/${file}`] =
        `<domstatus state='running' reason='booted' pid='4242'>\n${domainXml(g.name, g.mdev)}</domstatus>\n`;
  }
  for (const d of extras.mdevctl) {
    const attrs = d.attrs.map(([k, v]) => ({ [k]: v }));
    files[`etc/mdevctl.d/matrix/${d.uuid}`] = JSON.stringify({ mdev_type: 'vfio_ap-passthrough', start: d.start, attrs }, null, 2) + '\n';
  }
  Object.assign(files, extras.persistFiles);
  return files;
}
