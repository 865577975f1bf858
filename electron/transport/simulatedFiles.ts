/**
 * The files a simulated host has below ETC_ROOT: libvirt domain XML for each
 * scenario guest (persistent definition in /etc, live status in /run while
 * it runs) and mdevctl definitions (admin-tools.md §4, §5), keyed as
 * dumpFromSysfs expects (`etc/libvirt/qemu/Guest1.xml`).
 */
import type { ScenarioData } from '../../shared/kernel';

const XML_NAME = /^[A-Za-z0-9_.-]+$/;

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function domainXml(name: string, uuid: string): string {
  return [
    "<domain type='kvm'>",
    `  <name>${escapeXml(name)}</name>`,
    '  <devices>',
    "    <hostdev mode='subsystem' type='mdev' model='vfio-ap'>",
    '      <source>',
    `        <address uuid='${escapeXml(uuid)}'/>`,
    '      </source>',
    '    </hostdev>',
    '  </devices>',
    '</domain>',
    ''
  ].join('\n');
}

export function scenarioEtcFiles(s: ScenarioData): Record<string, string> {
  const files: Record<string, string> = {};
  for (const g of s.guests) {
    const file = XML_NAME.test(g.name) ? g.name : g.name.replace(/[^A-Za-z0-9_.-]/g, '_');
    files[`etc/libvirt/qemu/${file}.xml`] = domainXml(g.name, g.mdev);
    if (g.running) {
      files[`run/libvirt/qemu/${file}.xml`] = `<domstatus state='running' reason='booted' pid='4242'>\n${domainXml(g.name, g.mdev)}</domstatus>\n`;
    }
  }
  for (const d of s.mdevctl) {
    const attrs = d.attrs.map(([k, v]) => ({ [k]: v }));
    files[`etc/mdevctl.d/matrix/${d.uuid}`] = JSON.stringify({ mdev_type: 'vfio_ap-passthrough', start: d.start, attrs }, null, 2) + '\n';
  }
  return files;
}
