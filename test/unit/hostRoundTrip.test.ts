import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildScenario, createKernel, type Kernel } from '../../shared/kernel';
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import type { HostState } from '../../shared/host/hostState';
import { parseDump } from '../../shared/host/parseDump';
import { snapshotKernel } from '../../shared/host/snapshot';
import { kernelStateFromHost } from '../../shared/host/toKernel';
import { persistFilesOf } from '../../shared/persist/persistFiles';
import { kernelStateArb } from './hostArbitrary';

const same = (h: HostState) => ({ ...h, source: '', readAt: '' });

/** JSON equality with the first difference shown (a deep toEqual on 65,536 queues is slow). */
function expectSameHost(got: HostState, want: HostState): void {
  const a = JSON.stringify(same(got));
  const b = JSON.stringify(same(want));
  if (a === b) return;
  let i = 0;
  while (a[i] === b[i]) i++;
  expect(a.slice(Math.max(0, i - 200), i + 100)).toBe(b.slice(Math.max(0, i - 200), i + 100));
}
const extrasOf = (h: HostState) => ({
  guests: h.guests,
  mdevctl: h.mdevctl,
  persistFiles: h.persist ? persistFilesOf(h.persist) : undefined
});

describe('host round trips: kernel -> dump -> parse -> toKernel -> dump -> parse', () => {
  for (const name of ['default', 'demo', 'legacy', 'full'])
    for (const era of ['E1', 'E3'] as const) {
      it(`${name} ${era}`, () => {
        const sc = buildScenario(name, era);
        const h = snapshotKernel(createKernel(sc.state), sc, `demo:${name}`);
        expect(h.warnings).toEqual([]);
        expect(h.era).toBe(era);
        const again = snapshotKernel(createKernel(kernelStateFromHost(h)), extrasOf(h), 'again');
        expectSameHost(again, h);
        expect(again.fingerprint).toBe(h.fingerprint);
      }, 120_000);
    }

  it('random hosts of either era (property)', () => {
    fc.assert(
      fc.property(kernelStateArb, (s) => {
        const h = snapshotKernel(createKernel(s), undefined, 'random');
        expect(h.warnings).toEqual([]);
        expectSameHost(snapshotKernel(createKernel(kernelStateFromHost(h)), undefined, 'again'), h);
      }),
      { numRuns: 150 }
    );
  });
});

describe('in-process dump: the kernel-model fast path equals reading every file', () => {
  const both = (k: Kernel): void => {
    expect(dumpFromSysfs(k, {})).toBe(dumpFromSysfs(k, {}, { generic: true }));
  };

  for (const name of ['default', 'demo', 'legacy'])
    for (const era of ['E1', 'E3'] as const) it(`${name} ${era}`, () => both(createKernel(buildScenario(name, era).state)));

  it('after writes and events (offline queue, manual unbind, guest start, mask change)', () => {
    const k = createKernel(buildScenario('demo').state);
    k.write('devices/ap/card00/00.0001/online', '0');
    k.write('bus/ap/drivers/vfio_ap/unbind', '06.0005');
    k.event({ kind: 'guest-start', uuid: 'cef03c3c-903d-4ecc-9a83-40694cb8aee4' });
    k.write('bus/ap/aqmask', '-0x0c');
    both(k);
    const h = parseDump(dumpFromSysfs(k), 'x');
    const q = (a: number, d: number) => h.queues.find((x) => x.adapter === a && x.domain === d)!;
    expect(q(0, 1)).toMatchObject({ driver: 'cex4queue', online: false });
    expect(q(6, 5)).toMatchObject({ driver: null, status: null });
    expect(q(0, 0x0c)).toMatchObject({ driver: 'vfio_ap', status: 'unassigned' });
    expect(h.mdevs.find((m) => m.uuid === 'cef03c3c-903d-4ecc-9a83-40694cb8aee4')!.attached).toBe(true);
  });

  it('random hosts (property)', () => {
    fc.assert(
      fc.property(kernelStateArb, (s) => {
        both(createKernel(s));
      }),
      { numRuns: 100 }
    );
  });
});

describe('fingerprint', () => {
  const read = (k: Kernel) => parseDump(dumpFromSysfs(k), 'x');

  it('is stable across reads and changes with what a plan depends on, not with counters or online flags', () => {
    const k = createKernel(buildScenario('demo').state);
    const fp = read(k).fingerprint;
    expect(read(k).fingerprint).toBe(fp);
    k.write('devices/ap/card00/00.0001/online', '0'); // not a plan input
    expect(read(k).fingerprint).toBe(fp);
    k.write('devices/vfio_ap/matrix/0fe903a0-a323-44db-9daf-134c68627d61/assign_domain', '0x0c');
    k.write('bus/ap/aqmask', '-0x0c');
    const fp2 = read(k).fingerprint;
    expect(fp2).not.toBe(fp);
    k.write('devices/vfio_ap/matrix/0fe903a0-a323-44db-9daf-134c68627d61/assign_domain', '0x0c');
    expect(read(k).fingerprint).not.toBe(fp);
    k.event({ kind: 'guest-start', uuid: '0fe903a0-a323-44db-9daf-134c68627d61' });
    expect(read(k).fingerprint).not.toBe(fp2);
  });
});
