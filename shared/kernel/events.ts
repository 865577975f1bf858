/**
 * Simulated events with the effects of §7.4: guest start/stop, LPAR adapter and
 * domain additions/removals, card configure/deconfigure.
 */
import { FUNCTIONS_FOR_MODE, KernelError, maskClear, maskHas, maskSet } from '../ap';
import { recomputeShadow } from './guestFilter';
import { cardEntry, findMdev } from './state';
import type { KernelEvent, KernelState } from './types';

function checkId(id: number, what: string): void {
  if (!Number.isInteger(id) || id < 0 || id > 255)
    throw new KernelError('EINVAL', 'event', String(id), `${what} ${id} is not an id from 0 to 255`);
}

export function applyEvent(s: KernelState, e: KernelEvent): void {
  const e3 = s.era !== 'E1';
  switch (e.kind) {
    case 'guest-start':
    case 'guest-stop': {
      const m = findMdev(s, e.uuid);
      if (!m) throw new KernelError('ENOENT', 'event', e.uuid, `no mdev ${e.uuid}`);
      // §7.4 start: the shadow is pushed as it is (no re-filter); stop: guest masks cleared, shadow kept.
      // E1: the guest gets matrix apm/aqm/adm directly at start (§6.4); nothing to compute here.
      m.attached = e.kind === 'guest-start';
      return;
    }
    case 'adapter-add': {
      checkId(e.id, 'adapter');
      if (!cardEntry(s, e.id)) {
        const functions = e.functions ?? FUNCTIONS_FOR_MODE['CCA-Coproc'];
        s.cards = [...s.cards, { id: e.id, rawType: e.rawType ?? 14, functions, depth: 7, config: true, chkstop: false, online: true }];
      } else if (e.rawType !== undefined || e.functions !== undefined) {
        s.cards = s.cards.map((c) =>
          c.id === e.id ? { ...c, rawType: e.rawType ?? c.rawType, functions: e.functions ?? c.functions } : c
        );
      }
      maskSet(s.adapters, e.id);
      s.scans++;
      // §7.4 addition: plugged in by the end-of-scan filter (§7.2) of the mdevs that have it assigned
      if (e3) for (const m of s.mdevs) if (maskHas(m.apm, e.id)) recomputeShadow(s, m);
      return;
    }
    case 'adapter-remove': {
      checkId(e.id, 'adapter');
      maskClear(s.adapters, e.id);
      s.scans++;
      // §7.4 removal: out of every shadow, the assignment is kept (now over-provisioned)
      if (e3) for (const m of s.mdevs) maskClear(m.shadow.apm, e.id);
      s.unbound = s.unbound.filter((c) => c >>> 8 !== e.id);
      s.offlineQueues = s.offlineQueues.filter((c) => c >>> 8 !== e.id);
      return;
    }
    case 'domain-add': {
      checkId(e.id, 'domain');
      maskSet(s.usageDomains, e.id);
      if (e.control !== false) maskSet(s.controlDomains, e.id); // LPAR usage domains are control domains too
      s.scans++;
      if (e3) for (const m of s.mdevs) if (maskHas(m.aqm, e.id) || maskHas(m.adm, e.id)) recomputeShadow(s, m);
      return;
    }
    case 'domain-remove': {
      checkId(e.id, 'domain');
      maskClear(s.usageDomains, e.id);
      maskClear(s.controlDomains, e.id);
      s.scans++;
      if (e3) {
        for (const m of s.mdevs) {
          maskClear(m.shadow.aqm, e.id); // §7.4 removed from the shadow, assignment kept
          maskClear(m.shadow.adm, e.id);
        }
      }
      s.unbound = s.unbound.filter((c) => (c & 0xff) !== e.id);
      s.offlineQueues = s.offlineQueues.filter((c) => (c & 0xff) !== e.id);
      return;
    }
    case 'card-config': {
      checkId(e.id, 'adapter');
      const c = cardEntry(s, e.id);
      if (!c) throw new KernelError('ENODEV', 'event', String(e.id), `no card ${e.id}`);
      // §3.1 SCLP (de)configure; deconfigured queues still count as bound for the filter (§7.1)
      s.cards = s.cards.map((x) => (x.id === e.id ? { ...x, config: e.config } : x));
      return;
    }
  }
}
