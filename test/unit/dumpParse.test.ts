import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildScenario, createKernel } from '../../shared/kernel';
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import { etcFilesFor } from '../../shared/host/etcFiles';
import type { HostState } from '../../shared/host/hostState';
import { parseDump } from '../../shared/host/parseDump';

const MASK_RE = /^0x[0-9a-f]{64}$/;

function demoDump(name = 'demo', era?: 'E1' | 'E3'): string {
  const sc = buildScenario(name, era);
  return dumpFromSysfs(createKernel(sc.state), etcFilesFor(sc));
}

/** Shape checks every HostState must pass, however bad the input. */
function expectWellFormed(h: HostState): void {
  expect(h.era === 'E1' || h.era === 'E3').toBe(true);
  for (const m of [h.apmask, h.aqmask, h.lpar.adapters, h.lpar.usageDomains, h.lpar.controlDomains]) expect(m).toMatch(MASK_RE);
  for (const m of h.mdevs) for (const x of [m.apm, m.aqm, m.adm]) expect(x).toMatch(MASK_RE);
  expect(Array.isArray(h.cards) && Array.isArray(h.queues) && Array.isArray(h.guests) && Array.isArray(h.mdevctl)).toBe(true);
  expect(h.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  for (const w of h.warnings) {
    expect(typeof w.file).toBe('string');
    expect(w.reason.length).toBeGreaterThan(0);
  }
  JSON.stringify(h); // plain JSON
}

const full = demoDump();
const whole = parseDump(full, 'demo');

describe('every queue survives a dump and parse (issue 8 point 11)', () => {
  it.each(['E3', 'E1'] as const)("default %s (a host without mdevs): the parsed queues are the kernel's queue devices", (era) => {
    const sc = buildScenario('default', era);
    const k = createKernel(sc.state);
    expect(sc.state.mdevs).toEqual([]);
    const devices = k
      .list('bus/ap/devices')
      .filter((n) => /^[0-9a-f]{2}\.[0-9a-f]{4}$/.test(n))
      .sort();
    const h = parseDump(dumpFromSysfs(k, etcFilesFor(sc)), `default:${era}`);
    const name = (q: { adapter: number; domain: number }) =>
      `${q.adapter.toString(16).padStart(2, '0')}.${q.domain.toString(16).padStart(4, '0')}`;
    expect(devices.length).toBeGreaterThan(1);
    expect(h.queues.map(name).sort()).toEqual(devices);
    expect(h.warnings).toEqual([]);
  });
});

describe('parseDump on malformed input', () => {
  it('the complete demo dump reads without warnings', () => {
    expect(whole.warnings).toEqual([]);
    expect(whole.cards.map((c) => c.id)).toEqual([0x00, 0x01, 0x02, 0x05, 0x06]);
    expect(whole.queues.length).toBe(95);
  });

  it('a dump truncated at any offset never throws and keeps exactly what was complete (property)', () => {
    const byCell = new Map(whole.queues.map((q) => [q.adapter * 256 + q.domain, q]));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: full.length - 1 }), (cut) => {
        const h = parseDump(full.slice(0, cut), 'cut');
        expectWellFormed(h);
        expect(h.warnings.length).toBeGreaterThan(0);
        // nothing invented; whatever differs from the whole read is named in a warning
        for (const q of h.queues) {
          const w = byCell.get(q.adapter * 256 + q.domain);
          expect(w).toBeDefined();
          if (JSON.stringify(q) !== JSON.stringify(w)) {
            const dir = `/sys/devices/ap/card${q.adapter.toString(16).padStart(2, '0')}/`;
            expect(
              h.warnings.some(
                (x) => x.file.startsWith(dir) || x.file === '/sys/bus/ap/drivers/cex4queue' || x.file === '/sys/bus/ap/drivers/vfio_ap'
              )
            ).toBe(true);
          }
        }
        for (const c of h.cards) expect(whole.cards.find((x) => x.id === c.id)).toBeDefined();
        for (const m of h.mdevs) expect(whole.mdevs.find((x) => x.uuid === m.uuid)).toBeDefined();
        // a guest's running state is known only once /run/libvirt/qemu was read
        for (const g of h.guests) expect(whole.guests.find((x) => x.name === g.name && x.mdev === g.mdev)).toBeDefined();
      }),
      { numRuns: 400 }
    );
  });

  it('garbage (any text, any bytes) never throws and says what is wrong (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 500 }),
          fc.string({ unit: 'binary', maxLength: 500 }),
          fc.uint8Array({ maxLength: 500 }).map((b) => new TextDecoder().decode(b))
        ),
        (junk) => {
          const h = parseDump(junk, 'junk');
          expectWellFormed(h);
          expect(h.warnings.length).toBeGreaterThan(0);
        }
      ),
      { numRuns: 150 }
    );
    expectWellFormed(parseDump('', 'empty'));
    expect(parseDump('', 'empty').warnings[0].reason).toMatch(/not an AP Matrix host dump/);
    expectWellFormed(parseDump(undefined as unknown as string, 'undefined'));
  });

  it('garbage spliced into a dump at any line costs only the frame it lands in (property)', () => {
    const lines = full.split('\n');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: lines.length - 2 }),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\n')),
        (at, junk) => {
          const spliced = [...lines.slice(0, at), 'x' + junk, ...lines.slice(at)].join('\n');
          const h = parseDump(spliced, 'spliced');
          expectWellFormed(h);
          expect(h.warnings.some((w) => w.file.startsWith('dump line'))).toBe(true);
          expect(h.queues.length).toBe(whole.queues.length);
          expect(h.mdevs.map((m) => m.uuid)).toEqual(whole.mdevs.map((m) => m.uuid));
        }
      ),
      { numRuns: 200 }
    );
  });

  it('unreadable-file markers give a warning naming the file and the errno, and the rest reads', () => {
    const dump = full
      .replace(/@ ok 67 \/sys\/bus\/ap\/apmask\n\|[^\n]*\n/, '@ error EACCES /sys/bus/ap/apmask\n')
      .replace(/@ dir (\d+) \/etc\/libvirt\/qemu\n(\|[^\n]*\n)*/, '@ error EACCES /etc/libvirt/qemu\n')
      .replace(/@ ok \d+ \/run\/libvirt\/qemu\/Guest1.xml\n(\|[^\n]*\n)*/, '@ error unreadable /run/libvirt/qemu/Guest1.xml\n');
    const h = parseDump(dump, 'eacces');
    expectWellFormed(h);
    expect(h.warnings).toContainEqual({ file: '/sys/bus/ap/apmask', reason: 'could not be read (EACCES)' });
    expect(h.warnings).toContainEqual({ file: '/etc/libvirt/qemu', reason: 'could not be listed (EACCES)' });
    expect(h.warnings).toContainEqual({ file: '/run/libvirt/qemu/Guest1.xml', reason: 'could not be read (unreadable)' });
    expect(h.apmask).toBe('0x' + 'f'.repeat(64)); // the kernel default (§2.2) stands in
    expect(h.aqmask).toBe(whole.aqmask);
    expect(h.queues).toEqual(whole.queues);
    expect(h.mdevs.map((m) => m.apm)).toEqual(whole.mdevs.map((m) => m.apm));
  });

  it('odd values in single files are warnings naming the file; the rest of the host stays', () => {
    const dump = full
      .replace('> /sys/devices/ap/card05/05.0004\n', '> /sys/devices/ap/card05/05.0004\n@ ok 6 status\n|bogus\n')
      .replace(/@ ok 4 \/sys\/bus\/ap\/ap_max_domain_id\n\|255\n/, '@ ok 4 /sys/bus/ap/ap_max_domain_id\n|abc\n')
      .replace(/(> \/sys\/devices\/vfio_ap\/matrix\/62177883-f1bb-47f0-914d-32a22e3a8804\n)/, '$1@ ok 6 ap_config\n|hello\n')
      .replace(
        /@ ok (\d+) \/etc\/mdevctl.d\/matrix\/0fe903a0-a323-44db-9daf-134c68627d61\n\|\{/,
        '@ ok $1 /etc/mdevctl.d/matrix/0fe903a0-a323-44db-9daf-134c68627d61\n|['
      );
    const h = parseDump(dump, 'odd');
    expectWellFormed(h);
    const files = h.warnings.map((w) => w.file);
    expect(files).toContain('/sys/bus/ap/ap_max_domain_id');
    expect(files).toContain('/etc/mdevctl.d/matrix/0fe903a0-a323-44db-9daf-134c68627d61');
    expect(h.maxDomain).toBe(255);
    expect(h.mdevctl.map((d) => d.uuid)).not.toContain('0fe903a0-a323-44db-9daf-134c68627d61');
    expect(h.mdevs.length).toBe(3);
  });

  it('a bad libvirt XML is a warning; the other guests stay', () => {
    const dump = full.replace('|  <name>Guest2</name>', '|  <nome>Guest2</nome>');
    const h = parseDump(dump, 'xml');
    expect(h.warnings.some((w) => w.file === '/etc/libvirt/qemu/Guest2.xml' && /no <name>/.test(w.reason))).toBe(true);
    expect(h.guests.map((g) => g.name)).toEqual(['Guest1', 'Guest3']);
  });

  it('recognises the era from the files that exist', () => {
    expect(parseDump(demoDump('demo'), 'x').era).toBe('E3');
    expect(parseDump(demoDump('demo', 'E1'), 'x').era).toBe('E1');
    expect(parseDump(demoDump('legacy'), 'x').era).toBe('E1');
    expect(parseDump(demoDump('legacy', 'E3'), 'x').era).toBe('E3');
    expect(parseDump(demoDump('default'), 'x').era).toBe('E3'); // no mdevs: matrix features / raw_hwtype
    expect(parseDump(demoDump('default', 'E1'), 'x').era).toBe('E1');
  });
});
