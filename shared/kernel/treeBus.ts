/**
 * `bus/ap` (§2): bus attributes, `devices/` symlinks, `drivers/` with bind,
 * unbind and one symlink per bound device (§4).
 */
import { cardName, formatApqn, maskAnd, maskCount, maskHas, maskUpTo } from '../ap';
import {
  ApDriverName,
  writeApDomain,
  writeBusMask,
  writeConfigTime,
  writeDriverBind,
  writeDriverUnbind,
  writePollThread,
  writePollTimeout
} from './busWrites';
import { formatMaskLine } from './formats';
import { cardExists, queueDriver, queueExists } from './state';
import { DirNode, Node, dynamicDir, link, ro, rw, staticDir, wo } from './tree';
import { existingCards, parseCardName, parseQueueName, queueDomains } from './treeDevices';
import type { KernelState } from './types';

/** §2 bindings: bound and total queue devices, by mask arithmetic. */
export function bindingCounts(s: KernelState): { bound: number; total: number } {
  const domains = maskUpTo(s.usageDomains, s.maxDomain);
  const perCard = maskCount(domains);
  const hostRow = maskCount(maskAnd(domains, s.aqmask));
  let total = 0;
  let bound = 0;
  for (const a of existingCards(s)) {
    total += perCard;
    const host = maskHas(s.apmask, a) ? hostRow : 0;
    bound += s.vfioLoaded ? perCard : host; // §4.1 alternate pool unbound without vfio_ap
  }
  for (const cell of s.unbound) {
    const a = cell >>> 8;
    const d = cell & 0xff;
    if (queueExists(s, a, d) && (s.vfioLoaded || (maskHas(s.apmask, a) && maskHas(s.aqmask, d)))) bound--;
  }
  return { bound, total };
}

function bindingsText(s: KernelState): string {
  const { bound, total } = bindingCounts(s);
  return bound === total && s.scans > 0 ? `${bound}/${total} (complete)\n` : `${bound}/${total}\n`;
}

/** `bus/ap/devices`: flat symlinks to cards and queues (§2). */
function busDevicesDir(s: KernelState): DirNode {
  return dynamicDir(
    () => {
      const out: string[] = [];
      const ds = queueDomains(s);
      for (const a of existingCards(s)) {
        out.push(cardName(a));
        for (const d of ds) out.push(formatApqn(a, d));
      }
      return out;
    },
    (name) => {
      const c = parseCardName(name);
      if (c !== null) return cardExists(s, c) ? link(`../../../devices/ap/${name}`) : null;
      const q = parseQueueName(name);
      if (q && queueExists(s, q.a, q.d)) return link(`../../../devices/ap/${cardName(q.a)}/${name}`);
      return null;
    }
  );
}

/** One driver directory: bind, unbind, uevent and a symlink per bound device (§4). */
function driverDir(s: KernelState, driver: ApDriverName): DirNode {
  const path = `bus/ap/drivers/${driver}`;
  const bound = (name: string): boolean => {
    if (driver === 'cex4card') {
      const c = parseCardName(name);
      return c !== null && cardExists(s, c);
    }
    const q = parseQueueName(name);
    return q !== null && queueExists(s, q.a, q.d) && queueDriver(s, q.a, q.d) === driver;
  };
  const target = (name: string) => {
    const q = parseQueueName(name);
    return link(`../../../../devices/ap/${q ? `${cardName(q.a)}/${name}` : name}`);
  };
  return staticDir(
    {
      bind: () => wo((data) => writeDriverBind(s, driver, data, `${path}/bind`)),
      unbind: () => wo((data) => writeDriverUnbind(s, driver, data, `${path}/unbind`)),
      uevent: () => wo(() => {})
    },
    {
      list: () => {
        const cards = existingCards(s);
        if (driver === 'cex4card') return cards.map(cardName);
        const out: string[] = [];
        const ds = queueDomains(s);
        for (const a of cards) for (const d of ds) if (queueDriver(s, a, d) === driver) out.push(formatApqn(a, d));
        return out;
      },
      child: (name) => (bound(name) ? target(name) : null)
    }
  );
}

export function busApDir(s: KernelState): DirNode {
  const p = (n: string) => `bus/ap/${n}`;
  const entries: Record<string, () => Node | null> = {
    devices: () => busDevicesDir(s),
    drivers: () =>
      staticDir({
        cex4card: () => driverDir(s, 'cex4card'),
        cex4queue: () => driverDir(s, 'cex4queue'),
        vfio_ap: () => (s.vfioLoaded ? driverDir(s, 'vfio_ap') : null) // §9.5 absent when not loaded
      }),
    drivers_autoprobe: () =>
      rw(
        () => '1\n',
        () => {}
      ),
    drivers_probe: () => wo(() => {}),
    uevent: () => wo(() => {}),
    ap_domain: () =>
      rw(
        () => `${s.apDomain}\n`,
        (d) => writeApDomain(s, d, p('ap_domain'))
      ),
    ap_adapter_mask: () => ro(() => formatMaskLine(s.adapters)),
    ap_usage_domain_mask: () => ro(() => formatMaskLine(s.usageDomains)),
    ap_control_domain_mask: () => ro(() => formatMaskLine(s.controlDomains)),
    ap_max_adapter_id: () => ro(() => `${s.maxAdapter}\n`),
    ap_max_domain_id: () => ro(() => `${s.maxDomain}\n`),
    ap_interrupts: () => ro(() => '1\n'),
    config_time: () =>
      rw(
        () => `${s.configTime}\n`,
        (d) => writeConfigTime(s, d, p('config_time'))
      ),
    poll_thread: () =>
      rw(
        () => (s.pollThread ? '1\n' : '0\n'),
        (d) => writePollThread(s, d, p('poll_thread'))
      ),
    poll_timeout: () =>
      rw(
        () => `${s.pollTimeout}\n`,
        (d) => writePollTimeout(s, d, p('poll_timeout'))
      ),
    apmask: () =>
      rw(
        () => formatMaskLine(s.apmask),
        (d) => writeBusMask(s, 'apmask', d, p('apmask'))
      ),
    aqmask: () =>
      rw(
        () => formatMaskLine(s.aqmask),
        (d) => writeBusMask(s, 'aqmask', d, p('aqmask'))
      ),
    scans: () =>
      rw(
        () => `${s.scans}\n`,
        () => {
          s.scans++; // §2 any content forces a rescan
        }
      ),
    bindings: () => ro(() => bindingsText(s)),
    features: () => ro(() => 'APSC APXA QACT RC8A APSB\n')
  };
  return staticDir(entries);
}
