import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DumpWriter, tokenizeDump, utf8Length, type DumpEntry } from '../../shared/host/dumpFormat';

/** What a file's content becomes in the dump: a last line without newline gets one. */
const normalized = (t: string) => (t === '' || t.endsWith('\n') ? t : t + '\n');

function build(files: Array<[string, string]>): string {
  const w = new DumpWriter();
  for (const [p, t] of files) w.file(p, t);
  return w.finish();
}

describe('dump format: writer and tokenizer', () => {
  it('carries odd content unchanged: binary bytes, CR, no final newline, header look-alikes, very long', () => {
    const odd: Array<[string, string]> = [
      ['/sys/a', 'plain\n'],
      ['/sys/b', 'no final newline'],
      ['/sys/c', '\u0000\u0001\u00ff\ufffd\r\n\u{1f600}\n'],
      ['/sys/d', '@ ok 3 /sys/forged\n#END 1\n> /sys/x\n#APDUMP 1\n|pipe\n'],
      ['/sys/e', ''],
      ['/sys/f', '\n\n\n'],
      ['/sys/g', 'x'.repeat(1_000_000) + '\n'],
      ['/sys/h', 'line\n'.repeat(100_000)],
      ['/etc/with space/file name.xml', '<a/>\n']
    ];
    const t = tokenizeDump(build(odd));
    expect(t.warnings).toEqual([]);
    expect(t.complete).toBe(true);
    for (const [p, text] of odd) expect(t.entries.get(p)).toEqual({ kind: 'file', text: normalized(text) });
    expect(t.entries.size).toBe(odd.length);
  });

  it('declares the UTF-8 byte length of the framed content', () => {
    const dump = build([['/sys/u', 'é€\u{1f600}\n']]);
    expect(dump).toContain(`@ ok ${utf8Length('é€\u{1f600}') + 1} /sys/u\n`);
    expect(utf8Length('é€\u{1f600}')).toBe(2 + 3 + 4);
  });

  it('keeps missing, error and directory frames, and relative paths under a > line', () => {
    const w = new DumpWriter();
    w.missing('/sys/gone');
    w.error('/etc/libvirt/qemu', 'EACCES');
    w.dir('/sys/bus/ap/drivers/vfio_ap', ['05.0004', 'bind']);
    w.cd('/sys/devices/ap/card05/05.0004');
    w.file('status', 'in use\n');
    w.missing('online');
    const t = tokenizeDump(w.finish());
    const want: Record<string, DumpEntry> = {
      '/sys/gone': { kind: 'missing' },
      '/etc/libvirt/qemu': { kind: 'error', reason: 'EACCES' },
      '/sys/bus/ap/drivers/vfio_ap': { kind: 'dir', entries: ['05.0004', 'bind'] },
      '/sys/devices/ap/card05/05.0004/status': { kind: 'file', text: 'in use\n' },
      '/sys/devices/ap/card05/05.0004/online': { kind: 'missing' }
    };
    for (const [p, e] of Object.entries(want)) expect(t.entries.get(p)).toEqual(e);
    expect(t.dirs).toEqual(['/sys/devices/ap/card05/05.0004']);
    expect(t.warnings).toEqual([]);
  });

  it('round-trips any set of files (property)', () => {
    const path = fc.stringMatching(/^\/sys\/[a-z0-9_./ -]{1,30}$/).filter((p) => !p.endsWith('/') && !p.includes('//'));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(path, fc.string({ unit: 'binary', maxLength: 200 })), { selector: (x) => x[0], maxLength: 20 }),
        (files) => {
          const t = tokenizeDump(build(files));
          expect(t.warnings).toEqual([]);
          for (const [p, text] of files) expect(t.entries.get(p)).toEqual({ kind: 'file', text: normalized(text) });
        }
      ),
      { numRuns: 300 }
    );
  });

  it('a dump cut at any offset never throws, says it was cut, and keeps only whole frames (every offset)', () => {
    const w = new DumpWriter();
    w.file('/sys/bus/ap/apmask', '0x' + 'f'.repeat(64) + '\n');
    w.dir('/sys/bus/ap/drivers/vfio_ap', ['05.0004', '05.00ab', 'bind']);
    w.cd('/sys/devices/ap/card05/05.0004');
    w.file('status', 'assigned\n');
    w.file('/etc/libvirt/qemu/g.xml', '<domain>\n<name>g</name>\n</domain>\n');
    const full = w.finish();
    const whole = tokenizeDump(full);
    for (let cut = 0; cut < full.length; cut++) {
      const t = tokenizeDump(full.slice(0, cut));
      expect(t.complete).toBe(false);
      expect(t.warnings.length).toBeGreaterThan(0);
      for (const p of t.entries.paths()) {
        const e = t.entries.get(p)!;
        if (e.kind === 'error') expect(e.reason).toBe('truncated');
        else expect(e).toEqual(whole.entries.get(p));
      }
    }
  });

  it('skips garbage lines with one warning per run and keeps the frames around them', () => {
    const dump = build([
      ['/sys/a', '1\n'],
      ['/sys/b', '2\n']
    ]).replace('@ ok 2 /sys/b', 'garbage one\ngarbage two\n@ ok 2 /sys/b');
    const t = tokenizeDump(dump);
    expect(t.entries.get('/sys/a')).toEqual({ kind: 'file', text: '1\n' });
    expect(t.entries.get('/sys/b')).toEqual({ kind: 'file', text: '2\n' });
    expect(t.warnings).toEqual([{ file: 'dump line 4', reason: '2 lines of unexpected text skipped' }]);
  });

  it('says when the input is not a dump at all', () => {
    const t = tokenizeDump('hello\nworld\n');
    expect(t.headerSeen).toBe(false);
    expect(t.warnings[0].reason).toMatch(/not an AP Matrix host dump/);
    expect(t.entries.size).toBe(0);
  });

  it('reports a frame whose content is shorter than declared as truncated', () => {
    const t = tokenizeDump('#APDUMP 1\n@ ok 67 /sys/bus/ap/apmask\n|0xffff\n#END 1\n');
    expect(t.entries.get('/sys/bus/ap/apmask')).toEqual({ kind: 'error', reason: 'truncated' });
    expect(t.warnings).toEqual([{ file: '/sys/bus/ap/apmask', reason: 'content cut short: 7 of 67 bytes' }]);
  });
});
