/**
 * libvirt forms (docs/host-tools.md §5): the node-device XML that defines an mdev
 * (attrs in write order, hex values) and the guest's vfio-ap hostdev element.
 */
import { hex2, hex4, isUuid, maskIds } from '../ap';
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import { ExportError } from './exportError';
import { exportContext, sourceComment, type ExportOptions } from './exportContext';
import type { MdevMasks } from './picture';
import { commentText } from './sanitize';

function checkUuid(uuid: string): void {
  if (!isUuid(uuid)) throw new ExportError('uuid', 'is not a lowercase UUID');
}

/** The node device name libvirt >= 7.7 gives an AP mdev: `mdev_<uuid with _>_matrix` (docs/host-tools.md §5.1). */
export function nodedevName(uuid: string): string {
  checkUuid(uuid);
  return `mdev_${uuid.replace(/-/g, '_')}_matrix`;
}

/**
 * docs/host-tools.md §5.1 input of `virsh nodedev-define`. libvirt's schema (nodedev.rng) requires
 * `<name>`, which libvirt ignores when defining (it names the device itself), so
 * the name it would generate is written to keep the file schema-valid.
 */
export function nodedevXml(m: MdevMasks): string {
  checkUuid(m.uuid);
  const attr = (name: string, value: string) => `    <attr name='${name}' value='${value}'/>`;
  return [
    '<device>',
    `  <name>${nodedevName(m.uuid)}</name>`,
    '  <parent>ap_matrix</parent>',
    "  <capability type='mdev'>",
    "    <type id='vfio_ap-passthrough'/>",
    `    <uuid>${m.uuid}</uuid>`,
    ...maskIds(m.apm).map((a) => attr('assign_adapter', `0x${hex2(a)}`)),
    ...maskIds(m.aqm).map((d) => attr('assign_domain', `0x${hex4(d)}`)),
    ...maskIds(m.adm).map((d) => attr('assign_control_domain', `0x${hex4(d)}`)),
    '  </capability>',
    '</device>',
    ''
  ].join('\n');
}

/** docs/host-tools.md §5.2 the element for the guest's domain XML (`virsh attach-device GUEST FILE`). */
export function hostdevXml(uuid: string): string {
  checkUuid(uuid);
  return [
    "<hostdev mode='subsystem' type='mdev' managed='no' model='vfio-ap'>",
    '  <source>',
    `    <address uuid='${uuid}'/>`,
    '  </source>',
    '</hostdev>',
    ''
  ].join('\n');
}

/**
 * A script writing `mdev-<uuid>.xml` and `hostdev-<uuid>.xml` for every mdev after
 * the plan and defining, starting and autostarting each node device (node device
 * names are looked up from virsh's answer, never computed: docs/host-tools.md §5.1).
 */
export function exportLibvirt(host: HostState, plan: Plan, opts: ExportOptions = {}): string {
  const ctx = exportContext(host, plan, opts);
  const out = [
    '#!/bin/sh',
    ...sourceComment(ctx, 'libvirt node devices for the mdevs after the plan, and the guest hostdev elements.'),
    '# Persists: the mdevs as libvirt node devices (libvirt keeps them as mdevctl definitions); not the host masks.',
    'set -e',
    'name_of() { sed -n "s/^Node device \'\\(.*\\)\' defined from.*/\\1/p"; }'
  ];
  for (const [uuid, m] of ctx.after.mdevs) {
    const guests = (host.guests ?? []).filter((g) => g.mdev === uuid).map((g) => commentText(g.name, 60));
    out.push('', `# mdev ${uuid}`);
    out.push(`cat > mdev-${uuid}.xml <<'APMATRIX_XML'`, nodedevXml(m).trimEnd(), 'APMATRIX_XML');
    out.push(`dev=$(virsh nodedev-define mdev-${uuid}.xml | name_of)`);
    out.push('virsh nodedev-start "$dev" || true  # already started when the mdev is active', 'virsh nodedev-autostart "$dev"');
    out.push(`cat > hostdev-${uuid}.xml <<'APMATRIX_XML'`, hostdevXml(uuid).trimEnd(), 'APMATRIX_XML');
    out.push(
      guests.length
        ? `# used by guest ${guests.join(', ')}: virsh attach-device GUEST hostdev-${uuid}.xml --config`
        : `# for a guest: virsh attach-device GUEST hostdev-${uuid}.xml --config`
    );
  }
  out.push('');
  return out.join('\n');
}
