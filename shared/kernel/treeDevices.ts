/**
 * `devices/ap/cardXX` and `devices/ap/cardXX/XX.YYYY` (§3): card attributes
 * (§3.1), queue attributes (§3.2), the driver links of §9.8.
 */
import {
  KernelError,
  cardName,
  cellIndex,
  compatibleType,
  formatApqn,
  formatFunctions,
  hex2,
  maskHas,
  maskIds,
  maskUpTo,
  modeFromFunctions,
  scanInt,
  typeName
} from '../ap';
import { cardEntry, cardExists, holderOf, queueDriver, queueExists } from './state';
import { DirNode, Node, dynamicDir, link, ro, rw, staticDir } from './tree';
import type { CardState, KernelState } from './types';

const QUEUE_NAME = /^([0-9a-f]{2})\.([0-9a-f]{4})$/;
const CARD_NAME = /^card([0-9a-f]{2})$/;

/** Parses `05.0004` exactly as the kernel names it; null otherwise. */
export function parseQueueName(name: string): { a: number; d: number } | null {
  const m = QUEUE_NAME.exec(name);
  return m ? { a: parseInt(m[1], 16), d: parseInt(m[2], 16) } : null;
}

export function parseCardName(name: string): number | null {
  const m = CARD_NAME.exec(name);
  return m ? parseInt(m[1], 16) : null;
}

/** Ids of the existing card devices, ascending. */
export function existingCards(s: KernelState): number[] {
  return maskIds(maskUpTo(s.adapters, s.maxAdapter)).filter((a) => cardExists(s, a));
}

/** Usage domains that give queue devices (up to max). */
export function queueDomains(s: KernelState): number[] {
  return maskIds(maskUpTo(s.usageDomains, s.maxDomain));
}

const bool = (b: boolean) => (b ? '1\n' : '0\n');

/** §3.1 card `online` reads 1 only if config=1, chkstop=0 and online. */
export function cardOnline(c: CardState): boolean {
  return c.config && !c.chkstop && c.online;
}

/** `%d` 0/1, else EINVAL (§3.1 config/online). */
function parse01(data: string, path: string): boolean {
  const n = scanInt(data);
  if (n !== 0 && n !== 1) throw new KernelError('EINVAL', path, data, 'write 0 or 1 (§3.1)');
  return n === 1;
}

function cardDir(s: KernelState, c: CardState, path: string): DirNode {
  const mode = modeFromFunctions(c.functions);
  const hw = compatibleType(c.rawType);
  const e3 = s.era !== 'E1';
  const cca = mode === 'CCA-Coproc';
  const ep11 = mode === 'EP11-Coproc';
  const entries: Record<string, () => Node | null> = {
    hwtype: () => ro(() => `${hw}\n`),
    raw_hwtype: () => (e3 ? ro(() => `${c.rawType}\n`) : null), // §3.1 6.10+
    depth: () => ro(() => `${c.depth}\n`),
    ap_functions: () => ro(() => formatFunctions(c.functions) + '\n'),
    request_count: () =>
      rw(
        () => '0\n',
        () => {}
      ), // §3.1 any write resets
    requestq_count: () => ro(() => '0\n'),
    pendingq_count: () => ro(() => '0\n'),
    modalias: () => ro(() => `ap:t${hex2(hw).toUpperCase()}\n`),
    config: () =>
      rw(
        () => bool(c.config),
        (data) => {
          c.config = parse01(data, `${path}/config`); // §3.1 SCLP configure/deconfigure
        }
      ),
    chkstop: () => ro(() => bool(c.chkstop)),
    max_msg_size: () => (e3 ? ro(() => '12288\n') : null),
    driver: () => link('../../../bus/ap/drivers/cex4card'),
    subsystem: () => link('../../../bus/ap'),
    uevent: () =>
      rw(
        () => `DEV_TYPE=${hex2(hw)}\nMODALIAS=ap:t${hex2(hw).toUpperCase()}\nMODE=${cca ? 'cca' : ep11 ? 'ep11' : 'accel'}\n`,
        () => {}
      ),
    type: () => ro(() => `${typeName(hw, mode)}\n`), // §3.1 added by cex4card
    online: () =>
      rw(
        () => bool(cardOnline(c)),
        (data) => {
          const on = parse01(data, `${path}/online`);
          if (on && (!c.config || c.chkstop))
            throw new KernelError('ENODEV', `${path}/online`, data, `${cardName(c.id)} is deconfigured or checkstopped (§3.1)`);
          c.online = on;
          s.offlineQueues = s.offlineQueues.filter((q) => q >>> 8 !== c.id); // §3.1 cascades to all queues
        }
      ),
    load: () => ro(() => '0\n'),
    serialnr: () => (cca || ep11 ? ro(() => `${c.serialnr ?? '93AAA' + hex2(c.id).toUpperCase() + '1'}\n`) : null),
    API_ordinalnr: () => (ep11 ? ro(() => '6\n') : null),
    FW_version: () => (ep11 ? ro(() => '65\n') : null),
    op_modes: () => (ep11 ? ro(() => '\n') : null)
  };
  return staticDir(entries, {
    list: () => (cardExists(s, c.id) ? queueDomains(s).map((d) => formatApqn(c.id, d)) : []),
    child: (name) => {
      const q = parseQueueName(name);
      return q && q.a === c.id && queueExists(s, q.a, q.d) ? queueDir(s, c, q.d, `${path}/${name}`) : null;
    }
  });
}

/** §3.2 queue attributes; cex4queue adds online/load/mkvps/op_modes, vfio_ap adds status. */
function queueDir(s: KernelState, c: CardState, d: number, path: string): DirNode {
  const a = c.id;
  const driver = queueDriver(s, a, d);
  const mode = modeFromFunctions(c.functions);
  const cex4 = driver === 'cex4queue';
  const cell = cellIndex(a, d);
  return staticDir({
    request_count: () =>
      rw(
        () => (cex4 ? '0\n' : '-\n'),
        () => {}
      ), // §3.2 `-` when uninitiated
    requestq_count: () => ro(() => '0\n'),
    pendingq_count: () => ro(() => '0\n'),
    reset: () =>
      rw(
        () => 'No Reset Timer set.\n',
        () => {}
      ),
    interrupt: () => ro(() => (driver ? 'Interrupts enabled.\n' : 'Interrupts disabled.\n')),
    config: () => ro(() => bool(c.config)),
    chkstop: () => ro(() => bool(c.chkstop)),
    ap_functions: () => ro(() => formatFunctions(c.functions) + '\n'),
    driver: () => (driver ? link(`../../../../bus/ap/drivers/${driver}`) : null), // §3.2 absent when unbound
    subsystem: () => link('../../../../bus/ap'),
    uevent: () =>
      rw(
        () => `DEV_TYPE=${hex2(compatibleType(c.rawType))}\n`,
        () => {}
      ),
    online: () =>
      cex4
        ? rw(
            () => bool(cardOnline(c) && !s.offlineQueues.includes(cell)),
            (data) => {
              const on = parse01(data, `${path}/online`);
              if (!c.config) throw new KernelError('ENODEV', `${path}/online`, data, `${formatApqn(a, d)} is deconfigured (§3.2)`);
              if (on && !cardOnline(c)) throw new KernelError('EINVAL', `${path}/online`, data, `card ${hex2(a)} is offline (§3.2)`);
              s.offlineQueues = s.offlineQueues.filter((q) => q !== cell);
              if (!on) s.offlineQueues = [...s.offlineQueues, cell];
            }
          )
        : null,
    load: () => (cex4 ? ro(() => '0\n') : null),
    mkvps: () =>
      cex4 && mode === 'CCA-Coproc'
        ? ro(() => 'AES NEW: empty 0x0000000000000000\nAES CUR: valid 0x2f3c4d5e6f708192\nAES OLD: empty 0x0000000000000000\n')
        : cex4 && mode === 'EP11-Coproc'
          ? ro(() => 'WK CUR: valid 0xa1b2c3d4e5f60718a1b2c3d4e5f60718a1b2c3d4e5f60718a1b2c3d4e5f60718\nWK NEW: empty -\n')
          : null,
    op_modes: () => (cex4 && mode === 'EP11-Coproc' ? ro(() => '\n') : null),
    status: () => (driver === 'vfio_ap' ? ro(() => queueStatus(s, a, d)) : null) // §3.2 added by vfio_ap
  });
}

/** §3.2 / §10: `in use` / `assigned` / `unassigned`. */
export function queueStatus(s: KernelState, a: number, d: number): string {
  const holder = holderOf(s, a, d);
  if (!holder) return 'unassigned\n';
  const inShadow = maskHas(holder.shadow.apm, a) && maskHas(holder.shadow.aqm, d);
  if (holder.attached && (s.era === 'E1' || inShadow)) return 'in use\n'; // E1: guest attached is enough
  return 'assigned\n';
}

/** `devices/ap`: one directory per card device. */
export function devicesApDir(s: KernelState): DirNode {
  return dynamicDir(
    () => [...existingCards(s).map(cardName), 'uevent'],
    (name) => {
      if (name === 'uevent')
        return rw(
          () => '',
          () => {}
        );
      const a = parseCardName(name);
      if (a === null || !cardExists(s, a)) return null;
      return cardDir(s, cardEntry(s, a)!, `devices/ap/${name}`);
    }
  );
}
