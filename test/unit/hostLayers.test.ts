import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAbsoluteMask, maskHas } from '../../shared/ap';
import { buildScenario, createKernel, DEMO_UUIDS } from '../../shared/kernel';
import type { HostState } from '../../shared/host/hostState';
import {
  BIND_CEX4QUEUE,
  BIND_NO_DEVICE,
  BIND_OTHER,
  BIND_UNBOUND,
  BIND_VFIO_AP,
  LPAR_ABOVE_MAX,
  LPAR_CONFIGURED,
  LPAR_DECONFIGURED,
  LPAR_NOT_IN,
  LPAR_NO_DEVICE,
  computeLayers
} from '../../shared/host/layers';
import { snapshotKernel } from '../../shared/host/snapshot';
import { kernelStateArb } from './hostArbitrary';

const cell = (a: number, d: number) => a * 256 + d;

/** The layers computed the slow, obvious way: one question per cell. */
function naiveLayers(h: HostState) {
  const m = (hex: string) => parseAbsoluteMask(hex);
  const apmask = m(h.apmask),
    aqmask = m(h.aqmask),
    la = m(h.lpar.adapters),
    lu = m(h.lpar.usageDomains);
  const mdevs = h.mdevs.map((x) => ({
    apm: m(x.apm),
    aqm: m(x.aqm),
    gapm: h.era === 'E1' ? m(x.apm) : m(x.guestApm!),
    gaqm: h.era === 'E1' ? m(x.aqm) : m(x.guestAqm!)
  }));
  const queues = new Map(h.queues.map((q) => [cell(q.adapter, q.domain), q]));
  const cards = new Map(h.cards.map((c) => [c.id, c]));
  const out = {
    lpar: [] as number[],
    host: [] as number[],
    owner: [] as number[],
    conflict: [] as number[],
    guest: [] as number[],
    binding: [] as number[]
  };
  for (let a = 0; a < 256; a++)
    for (let d = 0; d < 256; d++) {
      const card = cards.get(a);
      out.lpar.push(
        a > h.maxAdapter || d > h.maxDomain
          ? LPAR_ABOVE_MAX
          : !(maskHas(la, a) && maskHas(lu, d))
            ? LPAR_NOT_IN
            : !card
              ? LPAR_NO_DEVICE
              : card.config && !card.chkstop
                ? LPAR_CONFIGURED
                : LPAR_DECONFIGURED
      );
      out.host.push(maskHas(apmask, a) && maskHas(aqmask, d) ? 1 : 0);
      const claim = mdevs.map((x, i) => (maskHas(x.apm, a) && maskHas(x.aqm, d) ? i + 1 : 0)).filter(Boolean);
      out.owner.push(claim[0] ?? 0);
      out.conflict.push(claim.length > 1 ? claim.length : 0);
      out.guest.push(mdevs.findIndex((x) => maskHas(x.gapm, a) && maskHas(x.gaqm, d)) + 1);
      const q = queues.get(cell(a, d));
      out.binding.push(
        !q
          ? BIND_NO_DEVICE
          : q.driver === 'cex4queue'
            ? BIND_CEX4QUEUE
            : q.driver === 'vfio_ap'
              ? BIND_VFIO_AP
              : q.driver === null
                ? BIND_UNBOUND
                : BIND_OTHER
      );
    }
  return out;
}

/** Compares a layer with the expected values, naming the first differing cell. */
function sameCells(name: string, got: ArrayLike<number>, want: number[]): void {
  for (let c = 0; c < 65536; c++) {
    if (got[c] !== want[c])
      expect(`${name} ${(c >>> 8).toString(16)}.${(c & 255).toString(16)} = ${got[c]}`).toBe(
        `${name} ${(c >>> 8).toString(16)}.${(c & 255).toString(16)} = ${want[c]}`
      );
  }
}

describe('layers', () => {
  it('demo: LPAR, host, mdev owner, guest matrix and binding of known cells', () => {
    const sc = buildScenario('demo');
    const h = snapshotKernel(createKernel(sc.state), sc);
    const L = computeLayers(h);
    const idx = (uuid: string) => h.mdevs.findIndex((m) => m.uuid === uuid) + 1;
    expect(L.lpar[cell(0x05, 0x04)]).toBe(LPAR_CONFIGURED);
    expect(L.lpar[cell(0x02, 0x04)]).toBe(LPAR_DECONFIGURED);
    expect(L.lpar[cell(0x3f, 0x47)]).toBe(LPAR_NOT_IN);
    expect(L.lpar[cell(0x05, 0x10)]).toBe(LPAR_NOT_IN);
    expect(L.host[cell(0x01, 0x0e)]).toBe(1); // P1
    expect(L.host[cell(0x05, 0x0e)]).toBe(0);
    expect(L.mdevOwner[cell(0x05, 0x04)]).toBe(idx(DEMO_UUIDS.Guest1));
    expect(L.mdevOwner[cell(0x01, 0x0e)]).toBe(idx(DEMO_UUIDS.Guest2));
    expect(L.mdevOwner[cell(0x3f, 0xff)]).toBe(idx(DEMO_UUIDS.Guest3));
    expect(L.guestOwner[cell(0x05, 0x47)]).toBe(idx(DEMO_UUIDS.Guest2));
    expect(L.guestOwner[cell(0x01, 0x47)]).toBe(0); // P2: adapter 01 filtered
    expect(L.guestOwner[cell(0x3f, 0x47)]).toBe(0); // P3: not in the LPAR
    expect(L.binding[cell(0x01, 0x0e)]).toBe(BIND_CEX4QUEUE);
    expect(L.binding[cell(0x01, 0x47)]).toBe(BIND_VFIO_AP);
    expect(L.binding[cell(0x3f, 0x47)]).toBe(BIND_NO_DEVICE);
    expect(L.conflict.some((x) => x !== 0)).toBe(false);
  });

  it('equal the cell-by-cell definition on random hosts (property)', () => {
    fc.assert(
      fc.property(kernelStateArb, (s) => {
        const h = snapshotKernel(createKernel(s), undefined, 'random');
        const L = computeLayers(h);
        const n = naiveLayers(h);
        sameCells('lpar', L.lpar, n.lpar);
        sameCells('host', L.host, n.host);
        sameCells('mdevOwner', L.mdevOwner, n.owner);
        sameCells('conflict', L.conflict, n.conflict);
        sameCells('guestOwner', L.guestOwner, n.guest);
        sameCells('binding', L.binding, n.binding);
      }),
      { numRuns: 25 }
    );
  }, 120_000);

  it('full: every queue of the 64 mdevs has its owner and no cell has two', () => {
    const sc = buildScenario('full');
    const h = snapshotKernel(createKernel(sc.state), sc);
    const L = computeLayers(h);
    let owned = 0;
    for (let c = 0; c < 65536; c++) if (L.mdevOwner[c]) owned++;
    expect(owned).toBe(64 * 2 * 4);
    expect(L.conflict.every((x) => x === 0)).toBe(true);
    expect(L.lpar.every((x) => x === LPAR_CONFIGURED)).toBe(true);
  }, 60_000);
});
