/**
 * The next boot, computed: the state a host comes up in after a reboot, from
 * its persistent configuration, through the kernel model so every refusal is
 * the kernel's own (one function for the app, the CLI, the audit and the
 * simulator's `reboot` event).
 *
 * Boot sequence modelled (docs/host-tools.md §2.2, §4):
 * 1. the LPAR configuration and the cards are as now; soft-offline queues,
 *    manual unbinds, mdevs and guests are gone (guests stopped);
 * 2. the masks start as the kernel default, all ones, and the `ap.apmask=` /
 *    `ap.aqmask=` parameters of the next boot's command line replace them
 *    (docs/kernel-model.md §1.3; when no boot configuration was found, the
 *    command line the host booted with is assumed to come again);
 * 3. chzdev's udev rule then writes the masks it holds (a mask it lacks keeps
 *    step 2's value) and loads vfio_ap;
 * 4. mdevctl starts every `start: auto` definition, in uuid byte order (the
 *    order it lists them), as `mdevctl start` does: create the mdev, write each
 *    attr in the definition's order, and on the first refused write remove the
 *    mdev again; ap-check's pre-start rule "at least one usage domain when
 *    control domains are given" is checked first. A refused definition is left
 *    not started and the next one is tried.
 */
import { fullMask, isKernelError, type Mask } from '../ap';
import { cloneKernelState, createKernel } from '../kernel';
import type { KernelState } from '../kernel/types';
import type { HostState } from '../host/hostState';
import { snapshotKernel } from '../host/snapshot';
import { kernelStateFromHost } from '../host/toKernel';
import { isBad, parseMaskText } from '../host/parseValues';
import type { PersistentState } from './types';

const CREATE = 'devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough/create';

export type MaskOrigin = 'kernel default' | 'kernel parameter' | 'udev rule';

export interface BootRefusal {
  uuid: string;
  /** the write that was refused (`assign_domain 0xab`), `create`, or `ap-check` */
  step: string;
  /** the errno name, or `ap-check` / `no-vfio_ap` for refusals before the kernel */
  errno: string;
  message: string;
}

export interface NextBoot {
  state: KernelState;
  masksFrom: { apmask: MaskOrigin; aqmask: MaskOrigin; apmaskFile: string | null; aqmaskFile: string | null };
  /** uuids of the definitions started, in start order */
  started: string[];
  refused: BootRefusal[];
}

function hexMask(hex: string): Mask {
  const m = parseMaskText(hex);
  return isBad(m) ? fullMask() : m; // PersistentState holds only masks it parsed
}

/** Steps 1-3: the state before mdevctl starts anything. */
function bootBase(current: KernelState, p: PersistentState): Omit<NextBoot, 'started' | 'refused'> {
  const s = cloneKernelState(current);
  s.mdevs = [];
  s.offlineQueues = [];
  s.unbound = [];
  s.log = [];
  for (const c of s.cards) c.online = true; // zcrypt's soft online state starts on
  s.apmask = fullMask();
  s.aqmask = fullMask();
  const from: NextBoot['masksFrom'] = { apmask: 'kernel default', aqmask: 'kernel default', apmaskFile: null, aqmaskFile: null };
  const params = p.configuredParams ?? p.bootParams;
  for (const which of ['apmask', 'aqmask'] as const) {
    const fromParam = params?.[which];
    if (fromParam) {
      s[which] = hexMask(fromParam);
      from[which] = 'kernel parameter';
      from[`${which}File`] = params!.file;
    }
    const fromRule = p.udevRule?.[which];
    if (fromRule) {
      s[which] = hexMask(fromRule);
      from[which] = 'udev rule';
      from[`${which}File`] = p.udevRule!.file;
    }
  }
  // the rule's RUN loads vfio_ap; without it the module is as it is now (loaded by hand or by a modules-load file)
  s.vfioLoaded = current.vfioLoaded || p.udevRule !== null;
  return { state: s, masksFrom: from };
}

/** The state `current` comes up in with persistent configuration `p`. `current` is not changed. */
export function bootKernelState(current: KernelState, p: PersistentState): NextBoot {
  const base = bootBase(current, p);
  const k = createKernel(base.state);
  const started: string[] = [];
  const refused: BootRefusal[] = [];
  for (const d of p.definitions) {
    if (d.start !== 'auto') continue;
    if (!base.state.vfioLoaded) {
      refused.push({
        uuid: d.uuid,
        step: 'create',
        errno: 'no-vfio_ap',
        message: 'vfio_ap is not loaded at boot, so mdevctl has no matrix parent to start it on'
      });
      continue;
    }
    const keys = d.attrs.map(([key]) => key);
    if (keys.includes('assign_control_domain') && !keys.includes('assign_domain') && !keys.includes('ap_config')) {
      refused.push({
        uuid: d.uuid,
        step: 'ap-check',
        errno: 'ap-check',
        message: 'At least one usage domain must be specified (ap-check refuses to start it)'
      });
      continue;
    }
    try {
      k.write(CREATE, d.uuid);
    } catch (e) {
      refused.push({ uuid: d.uuid, step: 'create', errno: isKernelError(e) ? e.code : 'EIO', message: (e as Error).message });
      continue;
    }
    let failed: BootRefusal | null = null;
    for (const [key, value] of d.attrs) {
      try {
        k.write(`devices/vfio_ap/matrix/${d.uuid}/${key}`, value);
      } catch (e) {
        failed = { uuid: d.uuid, step: `${key} ${value}`, errno: isKernelError(e) ? e.code : 'ENOENT', message: (e as Error).message };
        break;
      }
    }
    if (failed) {
      refused.push(failed);
      k.write(`devices/vfio_ap/matrix/${d.uuid}/remove`, '1'); // mdevctl removes a device whose attrs failed (docs/host-tools.md §4)
    } else started.push(d.uuid);
  }
  return { ...base, started, refused };
}

/** The next boot of a read host; null when its persistent configuration is unknown. */
export function nextBoot(host: HostState): NextBoot | null {
  if (!host.persist) return null;
  return bootKernelState(kernelStateFromHost(host), host.persist);
}

/** The next boot as a HostState (for the "after reboot" layer), guests stopped. */
export function nextBootHost(host: HostState, boot: NextBoot | null = nextBoot(host)): HostState | null {
  if (!boot) return null;
  const guests = host.guests.map((g) => ({ name: g.name, mdev: g.mdev, running: false, file: g.file }));
  const after = snapshotKernel(createKernel(boot.state), { guests, mdevctl: host.mdevctl }, `after reboot: ${host.source}`);
  // the files were not read again: the after-reboot host carries the same persistent configuration
  return { ...after, persist: host.persist, readable: host.readable, warnings: [] };
}
