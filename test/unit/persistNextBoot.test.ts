/**
 * The next boot (shared/persist/nextBoot.ts) against the kernel model: random
 * hosts and random persistent configurations. The masks come from the rule,
 * else the kernel parameters, else all ones; each start:auto definition is
 * replayed on its own, on the booted masks plus exactly the mdevs started
 * before it, and the kernel must give the same verdict (accepted, or the same
 * errno at the same write) that nextBoot recorded; started mdevs hold exactly
 * their definition's matrix.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullMask, isKernelError, maskEquals, maskFromIds, maskToHex } from '../../shared/ap';
import { cloneKernelState, createKernel } from '../../shared/kernel';
import type { KernelState } from '../../shared/kernel/types';
import { definitionMasks } from '../../shared/host/parseExtras';
import { bootKernelState, type PersistentState } from '../../shared/persist';
import { IDS, kernelStateArb } from './hostArbitrary';
import { persistArb } from './persistArbitrary';

/** Replays one definition as mdevctl start does; returns null or [step, errno]. */
function replay(s: KernelState, uuid: string, attrs: Array<[string, string]>): [string, string] | null {
  const k = createKernel(s);
  try {
    k.write('devices/vfio_ap/matrix/mdev_supported_types/vfio_ap-passthrough/create', uuid);
  } catch (e) {
    return ['create', isKernelError(e) ? e.code : 'EIO'];
  }
  for (const [key, value] of attrs) {
    try {
      k.write(`devices/vfio_ap/matrix/${uuid}/${key}`, value);
    } catch (e) {
      return [`${key} ${value}`, isKernelError(e) ? e.code : 'EIO'];
    }
  }
  return null;
}

describe('nextBoot against the kernel model (property)', () => {
  it('masks by precedence; each definition gets the kernel verdict it would get in its turn', () => {
    fc.assert(
      fc.property(kernelStateArb, persistArb, (current, p) => {
        const before = JSON.stringify(cloneKernelState(current), (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v));
        const boot = bootKernelState(current, p);
        // current is left alone
        expect(JSON.stringify(current, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v))).toBe(before);
        for (const which of ['apmask', 'aqmask'] as const) {
          const want = p.udevRule?.[which] ?? p.configuredParams?.[which] ?? maskToHex(fullMask());
          expect(maskToHex(boot.state[which])).toBe(want);
        }
        expect(boot.state.mdevs.map((m) => m.uuid)).toEqual(boot.started);
        expect(boot.state.mdevs.every((m) => !m.attached)).toBe(true);

        const vfio = current.vfioLoaded || p.udevRule !== null;
        const refused = new Map(boot.refused.map((r) => [r.uuid, r]));
        const auto = p.definitions.filter((d) => d.start === 'auto');
        expect(new Set([...boot.started, ...refused.keys()])).toEqual(new Set(auto.map((d) => d.uuid)));
        for (const d of auto) {
          // the state at its turn: booted masks plus the mdevs started before it
          const turn = cloneKernelState(boot.state);
          const idx = boot.started.indexOf(d.uuid);
          const earlier = auto.slice(0, auto.indexOf(d)).map((x) => x.uuid);
          turn.mdevs = turn.mdevs.filter((m) => earlier.includes(m.uuid));
          const r = refused.get(d.uuid);
          if (!vfio) {
            expect(r?.errno).toBe('no-vfio_ap');
            continue;
          }
          const keys = d.attrs.map(([k]) => k);
          if (keys.includes('assign_control_domain') && !keys.includes('assign_domain')) {
            expect(r?.errno).toBe('ap-check');
            continue;
          }
          const verdict = replay(turn, d.uuid, d.attrs);
          if (verdict === null) {
            expect(r).toBeUndefined();
            const m = boot.state.mdevs[idx];
            const want = definitionMasks(d.attrs);
            expect(maskEquals(m.apm, want.apm) && maskEquals(m.aqm, want.aqm) && maskEquals(m.adm, want.adm)).toBe(true);
          } else {
            expect(r && [r.step, r.errno]).toEqual(verdict);
          }
        }
      }),
      { numRuns: 300 }
    );
  });

  it('a refused definition leaves no mdev behind; a later one on the same queues meets the earlier one (EADDRINUSE)', () => {
    // two auto definitions on adapter 05 domain 04; the first also asks for a host-owned domain
    const s = createKernel({ state: cloneKernelState(bootBaseFixture()) }).state;
    const p: PersistentState = {
      udevRule: { apmask: maskToHex(fullMask()), aqmask: null, file: '/etc/udev/rules.d/41-ap.rules' },
      bootParams: null,
      configuredParams: null,
      definitions: [
        {
          uuid: '00000000-0000-4000-8000-000000000001',
          start: 'auto',
          attrs: [
            ['assign_adapter', '5'],
            ['assign_domain', '4']
          ],
          file: ''
        },
        {
          uuid: '00000000-0000-4000-8000-000000000002',
          start: 'auto',
          attrs: [
            ['assign_adapter', '5'],
            ['assign_domain', '4']
          ],
          file: ''
        }
      ],
      readable: { udevRule: true, mdevctl: true }
    };
    const boot = bootKernelState(s, p);
    // the all-ones rule keeps everything for the host: both are refused, and nothing is left behind
    expect(boot.refused.map((r) => r.errno)).toEqual(['EADDRNOTAVAIL', 'EADDRNOTAVAIL']);
    expect(boot.state.mdevs).toEqual([]);
    const freed = { ...p, udevRule: { ...p.udevRule!, apmask: maskToHex(maskFromIds(IDS.filter((i) => i !== 5))) } };
    const boot2 = bootKernelState(s, freed);
    expect(boot2.started).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(boot2.refused.map((r) => [r.step, r.errno])).toEqual([['assign_domain 4', 'EADDRINUSE']]);
  });
});

function bootBaseFixture(): KernelState {
  return fc.sample(
    kernelStateArb.filter((s) => s.era === 'E3' && s.vfioLoaded && s.adapters[0] !== 0),
    { numRuns: 1, seed: 7 }
  )[0];
}
