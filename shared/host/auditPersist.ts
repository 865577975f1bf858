/**
 * Audit rules on the next boot (shared/persist/nextBoot.ts): what a reboot
 * would change compared with now. Skipped when the persistent configuration is
 * unknown (host.persist undefined). The definitions that are not active or
 * differ from the active mdev are auditExtras.ts's mdevctl-not-active and
 * mdevctl-differs; these rules add what only the next boot shows.
 */
import type { Finding } from '../api/contract';
import { maskAndNot, maskEquals, maskIds, type Mask } from '../ap';
import { boundToVfio, findMdev, inHostPool, type KernelState, type MdevState } from '../kernel';
import { nextBoot, type NextBoot } from '../persist/nextBoot';
import type { AuditContext } from './auditMatrix';
import { adapterList, apqnList, cellsOf, domainList, finding, joinAnd } from './auditText';
import { definitionMasks } from './parseExtras';
import { kernelStateFromHost } from './toKernel';

export const PERSIST_AUDIT_CODES = [
  'reboot-mask-change',
  'reboot-mdev-lost',
  'reboot-definition-refused',
  'reboot-guest-loses-queues'
] as const;

/** The queues a guest of `m` gets: guest_matrix (E3, §7) or, in E1, the matrix's queues bound to vfio_ap. */
export function guestQueues(s: KernelState, m: MdevState): number[] {
  if (s.era !== 'E1') return cellsOf(m.shadow.apm, m.shadow.aqm);
  return cellsOf(m.apm, m.aqm).filter((c) => boundToVfio(s, c >>> 8, c & 0xff));
}

function maskChange(which: 'apmask' | 'aqmask', now: Mask, after: Mask, origin: string): string | null {
  if (maskEquals(now, after)) return null;
  const list = which === 'apmask' ? adapterList : domainList;
  const back = maskIds(maskAndNot(after, now));
  const freed = maskIds(maskAndNot(now, after));
  const parts: string[] = [];
  if (back.length) parts.push(`gives ${list(back)} back to the host`);
  if (freed.length) parts.push(`frees ${list(freed)}`);
  return `${which} (${origin}) ${parts.join(' and ')}`;
}

function originText(boot: NextBoot, which: 'apmask' | 'aqmask'): string {
  const o = boot.masksFrom[which];
  const file = boot.masksFrom[`${which}File`];
  return file ? `${o} in ${file}` : o;
}

export function persistFindings(cx: AuditContext): Finding[] {
  const h = cx.host;
  // unknown is not "none": an unreadable rule or definition directory gives no next-boot findings
  if (!h.persist || !h.persist.readable.udevRule || !h.persist.readable.mdevctl) return [];
  const boot = nextBoot(h);
  if (!boot) return [];
  const now = kernelStateFromHost(h);
  const after = boot.state;
  const out: Finding[] = [];

  const changes = [
    maskChange('apmask', now.apmask, after.apmask, originText(boot, 'apmask')),
    maskChange('aqmask', now.aqmask, after.aqmask, originText(boot, 'aqmask'))
  ].filter((x): x is string => x !== null);
  if (changes.length) {
    const cells = h.queues
      .filter((q) => inHostPool(now, q.adapter, q.domain) !== inHostPool(after, q.adapter, q.domain))
      .map((q) => (q.adapter << 8) | q.domain);
    out.push(
      finding(
        'reboot-mask-change',
        'warning',
        `After a reboot ${joinAnd(changes)}; ${cells.length ? `${apqnList(cells)} change owner` : 'no existing queue changes owner'}.`,
        cells,
        []
      )
    );
  }

  const defs = new Map((h.persist.definitions ?? []).map((d) => [d.uuid, d]));
  for (const m of now.mdevs) {
    const d = defs.get(m.uuid);
    if (d?.start === 'auto') continue;
    const why = d ? 'its mdevctl definition starts manually' : 'it has no mdevctl definition';
    out.push(
      finding(
        'reboot-mdev-lost',
        d ? 'info' : 'warning',
        `${cx.label(m.uuid)} does not come back after a reboot: ${why}.`,
        cellsOf(m.apm, m.aqm),
        [m.uuid]
      )
    );
  }

  for (const r of boot.refused) {
    const d = defs.get(r.uuid);
    const cells = d ? cellsOf(definitionMasks(d.attrs).apm, definitionMasks(d.attrs).aqm) : [];
    out.push(
      finding(
        'reboot-definition-refused',
        'warning',
        `At the next boot the mdevctl definition of ${cx.label(r.uuid)} fails to start: ${r.step} is refused with ${r.errno} (${r.message.replace(/^.*?\([A-Z]+\): /, '')}).`,
        cells,
        [r.uuid]
      )
    );
  }

  for (const m of now.mdevs) {
    const before = guestQueues(now, m);
    if (!before.length) continue;
    const am = findMdev(after, m.uuid);
    const kept = new Set(am ? guestQueues(after, am) : []);
    const lost = before.filter((c) => !kept.has(c));
    if (!lost.length) continue;
    const names = cx.guests.get(m.uuid);
    const who = names?.length ? `${joinAnd(names)} (mdev ${m.uuid})` : `The guest of mdev ${m.uuid}`;
    out.push(
      finding(
        'reboot-guest-loses-queues',
        'warning',
        `${who} would lose ${apqnList(lost)} after a reboot${am ? '' : ' (its mdev is not started)'}.`,
        lost,
        [m.uuid]
      )
    );
  }
  return out;
}
