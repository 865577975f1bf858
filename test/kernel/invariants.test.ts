/**
 * Invariants of the E3 model under random sequences of writes and events
 * (docs/kernel-model.md §2.1 in-use check, §6.2 rules, §7 shadow, §9.1/§9.2, §9.4).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskHas, maskIds, maskToHex } from '../../shared/ap';
import { KernelEvent, boundToVfio, card, cloneKernelState, createKernel, hostState, inHostPool } from '../../shared/kernel';
import type { KernelState } from '../../shared/kernel';
import { TYPE, U1, U2, U3, mdevFile } from './kernelHelpers';

const UUIDS = [U1, U2, U3];
const id = fc.integer({ min: 0, max: 7 });
const uuid = fc.constantFrom(...UUIDS);

type Step = { write: [string, string] } | { event: KernelEvent };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc
    .tuple(fc.constantFrom('apmask', 'aqmask'), fc.boolean(), id)
    .map(([f, on, i]): Step => ({ write: [`bus/ap/${f}`, `${on ? '+' : '-'}${i}\n`] })),
  uuid.map((u): Step => ({ write: [`${TYPE}/create`, u + '\n'] })),
  fc
    .tuple(
      uuid,
      fc.constantFrom(
        'assign_adapter',
        'unassign_adapter',
        'assign_domain',
        'unassign_domain',
        'assign_control_domain',
        'unassign_control_domain',
        'remove'
      ),
      id
    )
    .map(([u, f, i]): Step => ({ write: [mdevFile(u, f), `${i}\n`] })),
  fc.tuple(uuid, id, id).map(([u, a, d]): Step => ({
    write: [mdevFile(u, 'ap_config'), `0x${(0x80 >> a).toString(16).padStart(2, '0')},0x${(0x80 >> d).toString(16).padStart(2, '0')},0\n`]
  })),
  fc
    .tuple(fc.constantFrom('bind', 'unbind'), id, id)
    .map(([f, a, d]): Step => ({ write: [`bus/ap/drivers/vfio_ap/${f}`, `0${a}.000${d}\n`] })),
  fc.tuple(fc.constantFrom('guest-start', 'guest-stop'), uuid).map(([kind, u]): Step => ({ event: { kind, uuid: u } as KernelEvent })),
  fc
    .tuple(fc.constantFrom('adapter-add', 'adapter-remove', 'domain-add', 'domain-remove'), id)
    .map(([kind, i]): Step => ({ event: { kind, id: i, rawType: 13 } as KernelEvent }))
);

function picture(s: KernelState): string {
  return JSON.stringify(s, (_, v) => (v instanceof Uint8Array ? maskToHex(v) : v));
}

function check(s: KernelState): void {
  const ms = s.mdevs;
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i];
    // §9.2 usage APQNs are exclusive; §2.1/§6.2 no assigned APQN in the host pool
    for (let j = i + 1; j < ms.length; j++) {
      const shared = maskIds(m.apm).some((a) => maskHas(ms[j].apm, a)) && maskIds(m.aqm).some((d) => maskHas(ms[j].aqm, d));
      expect(shared, `${m.uuid} overlaps ${ms[j].uuid}`).toBe(false);
    }
    for (const a of maskIds(m.apm)) for (const d of maskIds(m.aqm)) expect(inHostPool(s, a, d), `${a}.${d} host-owned`).toBe(false);
    // §7.1 shadow ⊆ matrix ∩ host; every shadow APQN is bound to vfio_ap
    for (const a of maskIds(m.shadow.apm)) expect(maskHas(m.apm, a) && maskHas(s.adapters, a)).toBe(true);
    for (const d of maskIds(m.shadow.aqm)) expect(maskHas(m.aqm, d) && maskHas(s.usageDomains, d)).toBe(true);
    for (const d of maskIds(m.shadow.adm)) expect(maskHas(m.adm, d) && maskHas(s.controlDomains, d)).toBe(true);
    for (const a of maskIds(m.shadow.apm))
      for (const d of maskIds(m.shadow.aqm)) expect(boundToVfio(s, a, d), `${a}.${d} in shadow but not bound`).toBe(true);
  }
}

describe('E3 invariants under random operations', () => {
  it('§9.1 / §9.2 / §7.1 / §9.4 no overlap, no host-owned assignment, shadow within bound queues, failed writes change nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const s = hostState({
          era: 'E3',
          maxAdapter: 255,
          maxDomain: 255,
          cards: [0, 1, 2, 3, 4, 5].map((a) => card(a, 13, 'cca')),
          usageDomains: [0, 1, 2, 3, 4, 5]
        });
        const k = createKernel(s);
        for (const st of steps) {
          const before = picture(cloneKernelState(s));
          const logLength = s.log.length;
          let ok = true;
          try {
            if ('write' in st) k.write(st.write[0], st.write[1]);
            else k.event(st.event);
          } catch {
            ok = false;
          }
          if (!ok) {
            s.log.length = logLength; // refusals may log (§9.3); nothing else may change
            expect(picture(s)).toBe(before);
          }
          check(s);
        }
      }),
      { numRuns: 300 }
    );
  });
});
