/**
 * A kernel model state rebuilt from a host snapshot, so a plan can be replayed
 * on the host's own configuration (issue 3 item 3) in the host's era. Built so
 * that snapshotKernel(createKernel(kernelStateFromHost(h)), extras) equals h
 * apart from source and readAt. Linear in the number of queues.
 */
import { Mask, cellIndex, emptyMask, fullMask, maskAnd } from '../ap';
import type { CardState, KernelState, MdevState } from '../kernel/types';
import type { HostState } from './hostState';
import { isBad, parseMaskText } from './parseValues';

const RELEASE = { E1: '5.15.0', E3: '6.17.0' } as const;

function mask(hex: string | null | undefined, fallback: () => Mask): Mask {
  if (typeof hex !== 'string') return fallback();
  const m = parseMaskText(hex);
  return isBad(m) ? fallback() : m;
}

export function kernelStateFromHost(h: HostState): KernelState {
  const adapters = mask(h.lpar.adapters, emptyMask);
  const usageDomains = mask(h.lpar.usageDomains, emptyMask);
  const controlDomains = mask(h.lpar.controlDomains, emptyMask);
  const apmask = mask(h.apmask, fullMask);
  const aqmask = mask(h.aqmask, fullMask);

  const cards: CardState[] = h.cards.map((c) => {
    const card: CardState = {
      id: c.id,
      rawType: c.rawHwtype,
      functions: c.functions,
      depth: c.depth,
      config: c.config,
      chkstop: c.chkstop,
      online: c.online ?? true // §3.1 reads 1 only when also configured and not checkstopped
    };
    if (c.serialnr !== null) card.serialnr = c.serialnr;
    return card;
  });

  const mdevs: MdevState[] = h.mdevs.map((m) => {
    const adm = mask(m.adm, emptyMask);
    const e3 = h.era !== 'E1';
    return {
      uuid: m.uuid,
      apm: mask(m.apm, emptyMask),
      aqm: mask(m.aqm, emptyMask),
      adm,
      // §7: guest_matrix shows the shadow's adapters and domains; its control
      // domains are the assigned ones within the LPAR's (§7.1 cdom filter)
      shadow: {
        apm: e3 ? mask(m.guestApm, emptyMask) : emptyMask(),
        aqm: e3 ? mask(m.guestAqm, emptyMask) : emptyMask(),
        adm: e3 ? maskAnd(adm, controlDomains) : emptyMask()
      },
      attached: m.attached
    };
  });

  const offlineQueues: number[] = [];
  const unbound: number[] = [];
  const has = (m: Mask, id: number) => (m[id >>> 3] & (0x80 >>> (id & 7))) !== 0;
  for (const q of h.queues) {
    const cell = cellIndex(q.adapter, q.domain);
    if (q.driver === 'cex4queue' && q.online === false) offlineQueues.push(cell);
    // §9.8: a queue the masks would bind but that has no driver was unbound by hand (§4.3)
    if (q.driver === null && ((has(apmask, q.adapter) && has(aqmask, q.domain)) || h.vfioLoaded)) unbound.push(cell);
  }

  return {
    era: h.era,
    release: RELEASE[h.era] ?? RELEASE.E3,
    maxAdapter: h.maxAdapter,
    maxDomain: h.maxDomain,
    adapters,
    usageDomains,
    controlDomains,
    cards,
    apmask,
    aqmask,
    vfioLoaded: h.vfioLoaded,
    apDomain: h.apDomain,
    mdevs,
    offlineQueues,
    unbound,
    configTime: 30,
    pollThread: false,
    pollTimeout: 250000,
    scans: 1,
    log: []
  };
}
