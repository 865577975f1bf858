/**
 * A kernel model state from a host snapshot, for replaying plans (§12 state
 * model). Everything a plan's writes depend on comes from the snapshot: era,
 * maxima, LPAR masks, cards, host masks, mdev matrices and shadows, guests
 * attached, offline and manually unbound queues. Counters and timers get defaults.
 */
import { emptyMask, maskAnd } from '../ap/mask';
import { parseAbsoluteMask } from '../ap/maskParse';
import type { HostState } from '../host/hostState';
import type { CardState, KernelState, MdevState } from '../kernel/types';
import { hostIndex } from './hostIndex';

const RELEASE = { E1: '5.15.0', E3: '6.17.0' } as const;

export function kernelStateForHost(host: HostState): KernelState {
  const mask = (hex: string, what: string) => parseAbsoluteMask(hex, what);
  const adapters = mask(host.lpar.adapters, 'ap_adapter_mask');
  const usageDomains = mask(host.lpar.usageDomains, 'ap_usage_domain_mask');
  const controlDomains = mask(host.lpar.controlDomains, 'ap_control_domain_mask');
  const apmask = mask(host.apmask, 'apmask');
  const aqmask = mask(host.aqmask, 'aqmask');
  const cards: CardState[] = host.cards.map((c) => ({
    id: c.id,
    rawType: c.rawHwtype,
    functions: c.functions,
    depth: c.depth,
    config: c.config,
    chkstop: c.chkstop,
    online: c.online ?? true,
    ...(c.serialnr ? { serialnr: c.serialnr } : {})
  }));
  const mdevs: MdevState[] = host.mdevs.map((m) => {
    const apm = mask(m.apm, `${m.uuid} apm`);
    const aqm = mask(m.aqm, `${m.uuid} aqm`);
    const adm = mask(m.adm, `${m.uuid} adm`);
    return {
      uuid: m.uuid,
      apm,
      aqm,
      adm,
      // §7: the shadow is what guest_matrix showed; control domains are not shown there (§6.1)
      shadow: {
        apm: m.guestApm ? mask(m.guestApm, `${m.uuid} guest apm`) : emptyMask(),
        aqm: m.guestAqm ? mask(m.guestAqm, `${m.uuid} guest aqm`) : emptyMask(),
        adm: maskAnd(adm, controlDomains)
      },
      attached: m.attached
    };
  });
  const { unbound, offline } = hostIndex(host);
  return {
    era: host.era,
    release: RELEASE[host.era],
    maxAdapter: host.maxAdapter,
    maxDomain: host.maxDomain,
    adapters,
    usageDomains,
    controlDomains,
    cards,
    apmask,
    aqmask,
    vfioLoaded: host.vfioLoaded,
    apDomain: host.apDomain,
    mdevs,
    offlineQueues: offline.slice(),
    unbound: unbound.slice(),
    configTime: 30,
    pollThread: false,
    pollTimeout: 250000,
    scans: 1,
    log: []
  };
}
