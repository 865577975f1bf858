/**
 * The vfio_ap matrix device, its mdev type and the mdevs (§5, §6), plus the
 * `bus/matrix`, `bus/mdev` and `class/mdev_bus` links of §5.1.
 */
import { MAX_MDEV_INSTANCES, writeCreate } from './busWrites';
import { formatApConfig, formatControlDomains, formatMatrix } from './formats';
import { MDEV_WRITE_FILES, writeMdevAttr } from './mdevWrites';
import { DirNode, Node, link, ro, rw, staticDir, wo } from './tree';
import type { KernelState, MdevState } from './types';

const TYPE_DIR = 'vfio_ap-passthrough'; // §5.1 <parent driver>-<type name>

function mdevByName(s: KernelState, name: string): MdevState | undefined {
  return s.mdevs.find((m) => m.uuid === name); // directory names are lowercase (§5.3)
}

/** A directory with one symlink per mdev. */
function mdevLinks(s: KernelState, prefix: string, extra: Record<string, () => Node | null> = {}): DirNode {
  return staticDir(extra, {
    list: () => s.mdevs.map((m) => m.uuid),
    child: (name) => (mdevByName(s, name) ? link(prefix + name) : null)
  });
}

/** §6 files of one mdev directory. */
function mdevDir(s: KernelState, m: MdevState): DirNode {
  const base = `devices/vfio_ap/matrix/${m.uuid}`;
  const e3 = s.era !== 'E1';
  const write = (name: string) => (data: string) => writeMdevAttr(s, m, name, data, `${base}/${name}`);
  const entries: Record<string, () => Node | null> = {};
  for (const f of MDEV_WRITE_FILES) entries[f] = () => wo(write(f)); // §6 write-only 0200
  Object.assign(entries, {
    ap_config: () => (e3 ? rw(() => formatApConfig(m.apm, m.aqm, m.adm), write('ap_config')) : null), // §6.1 E3 only
    control_domains: () => ro(() => formatControlDomains(m.adm, s.maxDomain)),
    matrix: () => ro(() => formatMatrix(m.apm, m.aqm, s.maxAdapter, s.maxDomain)),
    guest_matrix: () => (e3 ? ro(() => formatMatrix(m.shadow.apm, m.shadow.aqm, s.maxAdapter, s.maxDomain)) : null), // §6.1 E2+
    remove: () => wo(write('remove')),
    uevent: () =>
      rw(
        () => `MDEV_TYPE=${TYPE_DIR}\n`,
        () => {}
      ),
    driver: () => link('../../../../bus/mdev/drivers/vfio_ap_mdev'),
    mdev_type: () => link(`../mdev_supported_types/${TYPE_DIR}`),
    subsystem: () => link('../../../../bus/mdev')
  });
  return staticDir(entries);
}

function typeDir(s: KernelState): DirNode {
  const base = `devices/vfio_ap/matrix/mdev_supported_types/${TYPE_DIR}`;
  return staticDir({
    name: () => ro(() => 'VFIO AP Passthrough Device\n'), // §5.2
    device_api: () => ro(() => 'vfio-ap\n'),
    available_instances: () => ro(() => `${MAX_MDEV_INSTANCES - s.mdevs.length}\n`),
    create: () =>
      wo((data) => {
        writeCreate(s, data, `${base}/create`);
      }),
    devices: () => mdevLinks(s, '../../../')
  });
}

function matrixDir(s: KernelState): DirNode {
  return staticDir(
    {
      features: () => (s.era !== 'E1' ? ro(() => 'guest_matrix hotplug ap_config\n') : null), // §5.1 code prints hotplug
      mdev_supported_types: () => staticDir({ [TYPE_DIR]: () => typeDir(s) }),
      uevent: () =>
        rw(
          () => '',
          () => {}
        ),
      subsystem: () => link('../../../bus/matrix'),
      driver: () => link('../../../bus/matrix/drivers/vfio_ap')
    },
    {
      list: () => s.mdevs.map((m) => m.uuid),
      child: (name) => {
        const m = mdevByName(s, name);
        return m ? mdevDir(s, m) : null;
      }
    }
  );
}

/** `devices/vfio_ap` (absent when vfio_ap is not loaded, §9.5). */
export function devicesVfioDir(s: KernelState): DirNode {
  return staticDir({
    matrix: () => matrixDir(s),
    uevent: () =>
      rw(
        () => '',
        () => {}
      )
  });
}

/** `bus/matrix`: the private bus of the matrix device (§5.1); its driver has no bind/unbind (§4.3). */
export function busMatrixDir(): DirNode {
  return staticDir({
    devices: () => staticDir({ matrix: () => link('../../../devices/vfio_ap/matrix') }),
    drivers: () =>
      staticDir({
        vfio_ap: () => staticDir({ matrix: () => link('../../../../devices/vfio_ap/matrix'), uevent: () => wo(() => {}) })
      }),
    drivers_autoprobe: () =>
      rw(
        () => '1\n',
        () => {}
      ),
    drivers_probe: () => wo(() => {}),
    uevent: () => wo(() => {})
  });
}

/** `bus/mdev` (§5.1). */
export function busMdevDir(s: KernelState): DirNode {
  return staticDir({
    devices: () => mdevLinks(s, '../../../devices/vfio_ap/matrix/'),
    drivers: () =>
      staticDir({
        vfio_ap_mdev: () => mdevLinks(s, '../../../../devices/vfio_ap/matrix/', { uevent: () => wo(() => {}) })
      }),
    drivers_autoprobe: () =>
      rw(
        () => '1\n',
        () => {}
      ),
    drivers_probe: () => wo(() => {}),
    uevent: () => wo(() => {})
  });
}

/** `class/mdev_bus/matrix` compat link used by mdevctl (§5.1). */
export function classMdevBusDir(): DirNode {
  return staticDir({ matrix: () => link('../../devices/vfio_ap/matrix') });
}
