/**
 * The host fingerprint: a stable digest of every value a plan depends on, so
 * the applier can refuse a plan when the host changed since it was read. Two
 * 32-bit FNV-1a lanes with different offsets (64 bits), fed incrementally (no
 * giant canonical string, no node:crypto in shared/).
 *
 * Covered: era, max ids, LPAR masks, apmask/aqmask, vfio_ap loaded, every
 * mdev's uuid, assigned masks and attachment, every card's type and state, and
 * every queue's binding. Not covered: counters, online flags, guest matrices
 * (they follow from the rest), libvirt and mdevctl files (plans do not write them).
 */
import type { HostState } from './hostState';

export class Fnv2x32 {
  private a = 0x811c9dc5;
  private b = 0x050c5d1f;

  str(s: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193);
    }
    // field separator, so that ("ab","c") and ("a","bc") differ
    this.a = Math.imul(a ^ 0x1f, 0x01000193);
    this.b = Math.imul(b ^ 0x1e, 0x01000193);
    return this;
  }

  num(n: number): this {
    return this.str(String(n));
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

const DRIVER_CODE: Record<string, string> = { cex4queue: 'h', vfio_ap: 'v' };

export function hostFingerprint(h: Omit<HostState, 'fingerprint'>): string {
  const f = new Fnv2x32();
  f.str('apmatrix-fp-1').str(h.era).num(h.maxAdapter).num(h.maxDomain);
  f.str(h.lpar.adapters).str(h.lpar.usageDomains).str(h.lpar.controlDomains);
  f.str(h.apmask)
    .str(h.aqmask)
    .str(h.vfioLoaded ? 'vfio' : 'novfio');
  const mdevs = h.mdevs.slice().sort((x, y) => (x.uuid < y.uuid ? -1 : x.uuid > y.uuid ? 1 : 0));
  f.num(mdevs.length);
  for (const m of mdevs)
    f.str(m.uuid)
      .str(m.apm)
      .str(m.aqm)
      .str(m.adm)
      .str(m.attached ? 'A' : 'a');
  f.num(h.cards.length);
  for (const c of h.cards)
    f.num(c.id)
      .num(c.rawHwtype)
      .num(c.functions)
      .str(c.config ? 'C' : 'c')
      .str(c.chkstop ? 'S' : 's');
  f.num(h.queues.length);
  // bindings in runs: only cell and driver code, the bulk of a 65,536-queue host
  let run = '';
  for (const q of h.queues) {
    run += (q.adapter * 256 + q.domain).toString(36) + (q.driver ? (DRIVER_CODE[q.driver] ?? q.driver) : '-');
    if (run.length > 4096) {
      f.str(run);
      run = '';
    }
  }
  f.str(run);
  return f.hex();
}
