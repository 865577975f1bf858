/**
 * What the go-to box understands, resolved against the host as planned:
 *   05.0047            one APQN
 *   a05, adapter 05    one adapter (its row)
 *   d47, .0047, 0047   one domain (its column); four hex digits are a domain
 *   05                 one or two hex digits are an adapter
 *   Guest2, guest02    a guest or an mdev by its label (exact, else a unique prefix)
 *   cef03c3c, <UUID>   an mdev by its UUID or a unique prefix of it
 * An mdev or a guest stands for the queues of its matrix. Pure: no DOM, no store.
 */
import { AP_IDS, formatApqn, hex2, hex4 } from '../../../shared/ap';
import type { HostIndex, MdevEntry } from '../model/hostIndex';
import { mdevCells } from './revealCells';

export type GotoResult = { ok: true; cells: number[]; label: string } | { ok: false; message: string };

const range = (f: (i: number) => number) => Array.from({ length: AP_IDS }, (_, i) => f(i));

function mdevResult(m: MdevEntry): GotoResult {
  const cells = mdevCells(m);
  const name = m.guest ? `guest ${m.guest.name} (mdev ${m.info.uuid})` : `mdev ${m.info.uuid}`;
  if (!cells.length) return { ok: false, message: `${name} has no queues yet: its matrix has no adapter or no domain.` };
  return { ok: true, cells, label: `${name}: ${cells.length} ${cells.length === 1 ? 'queue' : 'queues'}` };
}

function byName(q: string, ix: HostIndex): MdevEntry[] {
  const lower = q.toLowerCase();
  const names = (m: MdevEntry) => [m.label, m.guest?.name ?? '', m.info.uuid].map((s) => s.toLowerCase());
  const exact = ix.mdevs.filter((m) => names(m).includes(lower));
  if (exact.length) return exact;
  return ix.mdevs.filter((m) => names(m).some((n) => n.startsWith(lower)));
}

export function resolveGoto(text: string, ix: HostIndex | null): GotoResult {
  const q = text.trim();
  if (!q) return { ok: false, message: 'Type an APQN (05.0047), an adapter (a05), a domain (d0047), an mdev UUID or a guest name.' };
  let m = /^(?:0x)?([0-9a-f]{1,2})\.(?:0x)?([0-9a-f]{1,4})$/i.exec(q);
  if (m) {
    const a = parseInt(m[1], 16);
    const d = parseInt(m[2], 16);
    if (d >= AP_IDS) return { ok: false, message: `Domain 0x${m[2]} is above the largest domain 0xff.` };
    return { ok: true, cells: [(a << 8) | d], label: `queue ${formatApqn(a, d)}` };
  }
  m = /^(?:a|adapter|card)\s*(?:0x)?([0-9a-f]{1,2})$/i.exec(q) ?? /^(?:0x)?([0-9a-f]{1,2})$/i.exec(q);
  if (m) {
    const a = parseInt(m[1], 16);
    return { ok: true, cells: range((d) => (a << 8) | d), label: `adapter ${hex2(a)}` };
  }
  m = /^(?:d|dom|domain)\s*(?:0x)?([0-9a-f]{1,4})$/i.exec(q) ?? /^\.(?:0x)?([0-9a-f]{1,4})$/i.exec(q) ?? /^([0-9a-f]{4})$/i.exec(q);
  if (m) {
    const d = parseInt(m[1], 16);
    if (d >= AP_IDS) return { ok: false, message: `Domain 0x${m[1]} is above the largest domain 0xff.` };
    return { ok: true, cells: range((a) => (a << 8) | d), label: `domain ${hex4(d)}` };
  }
  if (!ix) return { ok: false, message: 'No host is shown yet.' };
  const found = byName(q, ix);
  if (found.length === 1) return mdevResult(found[0]);
  if (found.length > 1) {
    const some = found
      .slice(0, 5)
      .map((f) => f.label)
      .join(', ');
    return {
      ok: false,
      message: `${found.length} mdevs match "${q}" (${some}${found.length > 5 ? ', …' : ''}); type more of the name or UUID.`
    };
  }
  return { ok: false, message: `Nothing is called "${q}": no APQN, adapter, domain, mdev or guest matches.` };
}
