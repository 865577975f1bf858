/**
 * Fast path of dumpSysfs.ts for the kernel model: the queue directories (the
 * bulk of a 65,536-queue host) computed from the model state with the model's
 * own helpers, instead of resolving five sysfs files per queue through its
 * tree. Must give exactly the bytes the tree gives (§3.2 queue attributes);
 * test/unit/dumpSysfs.test.ts compares both paths on every scenario.
 */
import { cellIndex, hex2 } from '../ap';
import { cardEntry, queueExists } from '../kernel/state';
import { cardOnline, queueDomains, queueStatus } from '../kernel/treeDevices';
import type { KernelState, Sysfs } from '../kernel/types';
import type { DumpWriter } from './dumpFormat';

export interface ModelQueueReader {
  /** the names a card directory lists that are queues */
  list(card: string): string[];
  /** the config, chkstop, request_count [, online] [, status] frames of one queue */
  frames(w: DumpWriter, card: string, queue: string, online: boolean, status: boolean): void;
}

function isKernelState(s: unknown): s is KernelState {
  const k = s as Partial<KernelState> | null;
  return (
    !!k &&
    (k.era === 'E1' || k.era === 'E3') &&
    Array.isArray(k.cards) &&
    Array.isArray(k.mdevs) &&
    Array.isArray(k.offlineQueues) &&
    k.adapters instanceof Uint8Array
  );
}

const bool = (b: boolean) => (b ? '1\n' : '0\n');

/** The fast reader when `sysfs` is the kernel model (it exposes `state`), else null. */
export function modelQueueReader(sysfs: Sysfs): ModelQueueReader | null {
  const s = (sysfs as { state?: unknown }).state;
  if (!isKernelState(s)) return null;
  const offline = new Set(s.offlineQueues);
  const domains = queueDomains(s).map((d) => d.toString(16).padStart(4, '0'));
  return {
    list(card) {
      const a = parseInt(card.slice(4), 16);
      return domains.map((d) => `${hex2(a)}.${d}`).filter((_, i) => queueExists(s, a, parseInt(domains[i], 16)));
    },
    frames(w, card, queue, online, status) {
      const a = parseInt(card.slice(4), 16);
      const d = parseInt(queue.slice(3), 16);
      const c = cardEntry(s, a);
      if (!c || parseInt(queue.slice(0, 2), 16) !== a || !queueExists(s, a, d)) {
        for (const f of ['config', 'chkstop', 'request_count']) w.missing(f);
        if (online) w.missing('online');
        if (status) w.missing('status');
        return;
      }
      w.file('config', bool(c.config)); // §3.2
      w.file('chkstop', bool(c.chkstop));
      w.file('request_count', online ? '0\n' : '-\n'); // §3.2 `-` when uninitiated (not cex4queue)
      if (online) w.file('online', bool(cardOnline(c) && !offline.has(cellIndex(a, d))));
      if (status) w.file('status', queueStatus(s, a, d));
    }
  };
}
