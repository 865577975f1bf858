/**
 * fast-check arbitrary of kernel-model states: random cards (some older than
 * CEX4, deconfigured, checkstopped, offline), LPAR masks reaching above the
 * maxima, random host masks, mdevs that may overlap, be over-provisioned or be
 * attached, offline and manually unbound queues, either era. Shadows are
 * derived by the model (§7.1) like a scenario's.
 */
import fc from 'fast-check';
import { FUNCTIONS_FOR_MODE, fullMask, maskClear, maskFromIds } from '../../shared/ap';
import { finishState, hostState } from '../../shared/kernel';
import type { CardState, KernelState, MdevState } from '../../shared/kernel/types';

/** the ids random hosts use: small ones, a few high ones */
export const IDS = [0, 1, 2, 3, 4, 5, 6, 7, 0x0e, 0x0f, 0x10, 0x3f, 0x47, 0xab, 0xf0, 0xff];
const ids = fc.subarray(IDS);
const MODES = [FUNCTIONS_FOR_MODE['CCA-Coproc'], FUNCTIONS_FOR_MODE.Accelerator, FUNCTIONS_FOR_MODE['EP11-Coproc']];

const cardArb = (id: number) =>
  fc
    .record({
      rawType: fc.constantFrom(9, 10, 11, 12, 13, 14, 15),
      functions: fc.constantFrom(...MODES),
      depth: fc.integer({ min: 0, max: 7 }),
      config: fc.integer({ min: 0, max: 6 }).map((n) => n > 0),
      chkstop: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      online: fc.boolean()
    })
    .map((c): CardState => ({ id, ...c }));

export const kernelStateArb: fc.Arbitrary<KernelState> = fc
  .record({
    era: fc.constantFrom('E1' as const, 'E3' as const),
    maxAdapter: fc.constantFrom(15, 63, 255),
    maxDomain: fc.constantFrom(15, 84, 255),
    cardIds: fc.subarray(IDS.slice(0, 10), { minLength: 1 }),
    extraAdapters: ids,
    usage: ids,
    control: ids,
    apClear: ids,
    aqClear: ids,
    vfioLoaded: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    mdevs: fc.array(fc.record({ apm: ids, aqm: ids, adm: ids, attached: fc.boolean() }), { maxLength: 4 }),
    offline: fc.array(fc.tuple(fc.constantFrom(...IDS), fc.constantFrom(...IDS)), { maxLength: 4 }),
    unbound: fc.array(fc.tuple(fc.constantFrom(...IDS), fc.constantFrom(...IDS)), { maxLength: 4 })
  })
  .chain((r) => fc.tuple(fc.constant(r), fc.tuple(...r.cardIds.map(cardArb))))
  .map(([r, cards]) => {
    const s = hostState({
      era: r.era,
      maxAdapter: r.maxAdapter,
      maxDomain: r.maxDomain,
      cards,
      usageDomains: r.usage,
      controlDomains: r.control,
      vfioLoaded: r.vfioLoaded
    });
    s.adapters = maskFromIds([...r.cardIds, ...r.extraAdapters]);
    s.apmask = fullMask();
    s.aqmask = fullMask();
    for (const a of r.apClear) maskClear(s.apmask, a);
    for (const d of r.aqClear) maskClear(s.aqmask, d);
    // uuids sort in creation order, so "first holder" means the same after a round trip
    s.mdevs = r.mdevs.map((m, i): MdevState => ({
      uuid: `0000000${i}-0000-4000-8000-00000000000${i}`,
      apm: maskFromIds(m.apm),
      aqm: maskFromIds(m.aqm),
      adm: maskFromIds(m.adm),
      shadow: { apm: maskFromIds([]), aqm: maskFromIds([]), adm: maskFromIds([]) },
      attached: m.attached
    }));
    s.offlineQueues = [...new Set(r.offline.map(([a, d]) => a * 256 + d))];
    s.unbound = [...new Set(r.unbound.map(([a, d]) => a * 256 + d))];
    return finishState(s);
  });
