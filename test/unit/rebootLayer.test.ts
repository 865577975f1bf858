/**
 * The "after reboot" layer of the grid (renderer/src/model/rebootLayers.ts)
 * against the shared next boot, for random hosts and random persistent
 * configurations: every cell's owner (nobody, the host, which mdev by uuid)
 * and LPAR/host level equal what nextBootHost's own layers say; the changed
 * cells are exactly those whose owner differs from now; mdevs keep the number
 * (so the colour) they have now; and the layer is computed once per host.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKernel } from '../../shared/kernel';
import type { HostState } from '../../shared/host/hostState';
import { computeLayers as sharedLayers, LPAR_CONFIGURED, LPAR_DECONFIGURED, LPAR_NO_DEVICE } from '../../shared/host/layers';
import { snapshotKernel } from '../../shared/host/snapshot';
import { nextBootHost } from '../../shared/persist';
import { indexHost } from '../../renderer/src/model/hostIndex';
import { computeLayers } from '../../renderer/src/model/layers';
import { rebootLayer } from '../../renderer/src/model/rebootLayers';
import { kernelStateArb } from './hostArbitrary';
import { persistArb } from './persistArbitrary';

/**
 * Owner of a cell the slow way: '' nobody, 'h' the host (a queue of the LPAR,
 * whatever its card's state), else the first holder's uuid.
 */
function owners(h: HostState): string[] {
  const l = sharedLayers(h);
  const out: string[] = [];
  for (let c = 0; c < 65536; c++) {
    const m = l.mdevOwner[c];
    const inLpar = l.lpar[c] === LPAR_CONFIGURED || l.lpar[c] === LPAR_DECONFIGURED || l.lpar[c] === LPAR_NO_DEVICE;
    out.push(m ? h.mdevs[m - 1].uuid : l.host[c] && inLpar ? 'h' : '');
  }
  return out;
}

describe('the after-reboot layer equals nextBootHost (property)', () => {
  it('owner, host and changed cells per cell; mdev numbers in the now order; one computation per host', () => {
    fc.assert(
      fc.property(kernelStateArb, persistArb, (state, persist) => {
        const host: HostState = { ...snapshotKernel(createKernel(state), { guests: [], mdevctl: [] }), persist };
        const nowIndex = indexHost(host);
        const nowLayers = computeLayers(nowIndex);
        const layer = rebootLayer(nowIndex, nowLayers);
        expect(layer).not.toBeNull();
        expect(rebootLayer(nowIndex, nowLayers)).toBe(layer); // cached: pointer-rate callers never boot again

        const after = nextBootHost(host)!;
        const want = sharedLayers(after);
        const wantOwner = owners(after);
        const nowOwner = owners(host);
        // the layer numbers mdevs in the now host's order, then the ones only the next boot has
        const order = [
          ...host.mdevs.map((m) => m.uuid),
          ...after.mdevs.map((m) => m.uuid).filter((u) => !host.mdevs.some((m) => m.uuid === u))
        ];
        expect(layer!.layers.mdevCount).toBe(order.length);
        expect(layer!.index.mdevs.map((m) => m.info.uuid)).toEqual(after.mdevs.map((m) => m.uuid));
        let changed = 0;
        for (let c = 0; c < 65536; c++) {
          const o = layer!.layers.owner[c];
          const got = o ? order[o - 1] : layer!.layers.host[c] && layer!.layers.lpar[c] ? 'h' : '';
          if (got !== wantOwner[c]) expect({ cell: c.toString(16), got }).toEqual({ cell: c.toString(16), got: wantOwner[c] });
          if (layer!.layers.host[c] !== want.host[c])
            expect({ cell: c.toString(16), host: layer!.layers.host[c] }).toEqual({ cell: c.toString(16), host: want.host[c] });
          const differs = wantOwner[c] !== nowOwner[c] ? 1 : 0;
          if (layer!.changed[c] !== differs)
            expect({ cell: c.toString(16), changed: layer!.changed[c] }).toEqual({ cell: c.toString(16), changed: differs });
          changed += differs;
        }
        expect(layer!.changedCount).toBe(changed);
      }),
      { numRuns: 60 }
    );
  });

  it('is null without the persistent state', () => {
    fc.assert(
      fc.property(kernelStateArb, (state) => {
        const host: HostState = { ...snapshotKernel(createKernel(state), { guests: [], mdevctl: [] }), persist: undefined };
        const ix = indexHost(host);
        expect(rebootLayer(ix, computeLayers(ix))).toBeNull();
      }),
      { numRuns: 10 }
    );
  });
});
