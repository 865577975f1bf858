/**
 * A HostState holding only the values an exported script depends on (masks,
 * max ids, mdev matrices), taken straight from a kernel model state; cards,
 * queues and the rest stay empty. `extra` fills in guests, mdevctl ... .
 */
import { maskToHex } from '../../shared/ap';
import type { HostState } from '../../shared/host/hostState';
import type { KernelState } from '../../shared/kernel';

export function hostOfKernel(s: KernelState, source: string, extra: Partial<HostState> = {}): HostState {
  return {
    source,
    readAt: '2026-11-21T23:00:00.000Z',
    era: s.era,
    busFeatures: [],
    matrixFeatures: [],
    maxAdapter: s.maxAdapter,
    maxDomain: s.maxDomain,
    lpar: { adapters: maskToHex(s.adapters), usageDomains: maskToHex(s.usageDomains), controlDomains: maskToHex(s.controlDomains) },
    apmask: maskToHex(s.apmask),
    aqmask: maskToHex(s.aqmask),
    apDomain: s.apDomain,
    vfioLoaded: s.vfioLoaded,
    cards: [],
    queues: [],
    mdevs: s.mdevs.map((m) => ({
      uuid: m.uuid,
      apm: maskToHex(m.apm),
      aqm: maskToHex(m.aqm),
      adm: maskToHex(m.adm),
      guestApm: null,
      guestAqm: null,
      attached: m.attached
    })),
    guests: [],
    mdevctl: [],
    warnings: [],
    fingerprint: '',
    ...extra
  };
}
