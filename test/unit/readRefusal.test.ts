/**
 * readRefusal (issue 8 point 3) on dumps, without a file system: every
 * built-in host of either era is accepted (no false refusal), a host without
 * QCI (`not supported` LPAR masks, §9.6) is accepted, and each required value
 * that is missing, unreadable or malformed is refused naming its file.
 */
import { describe, expect, it } from 'vitest';
import { tokenizeDump } from '../../shared/host/dumpFormat';
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import { parseHostDump } from '../../shared/host/parseDump';
import { readRefusal } from '../../shared/host/readRefusal';
import { buildScenario, createKernel, SCENARIO_NAMES } from '../../shared/kernel';

const demoDump = () => dumpFromSysfs(createKernel(buildScenario('demo').state));

/** replaces the frame of one file (header line and its `|` content line) */
function replaceFrame(dump: string, path: string, frame: string): string {
  const re = new RegExp(`^@ ok \\d+ ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n\\|[^\\n]*\\n`, 'm');
  if (!re.test(dump)) throw new Error(`no frame for ${path}`);
  return dump.replace(re, frame);
}
const withValue = (path: string, text: string) => replaceFrame(demoDump(), path, `@ ok ${text.length + 1} ${path}\n|${text}\n`);

describe('readRefusal', () => {
  it('accepts every built-in scenario in both eras', () => {
    for (const name of SCENARIO_NAMES.filter((n) => n !== 'full')) {
      for (const era of ['E1', 'E3'] as const) {
        const dump = dumpFromSysfs(createKernel(buildScenario(name, era).state));
        expect(readRefusal(tokenizeDump(dump)), `${name} ${era}`).toBeNull();
      }
    }
  });

  it('accepts a host without QCI: the LPAR masks read "not supported" (§9.6)', () => {
    let dump = demoDump();
    for (const m of ['ap_adapter_mask', 'ap_usage_domain_mask', 'ap_control_domain_mask']) {
      dump = replaceFrame(dump, `/sys/bus/ap/${m}`, `@ ok 14 /sys/bus/ap/${m}\n|not supported\n`);
    }
    expect(readRefusal(tokenizeDump(dump))).toBeNull();
  });

  it('refuses apmask or aqmask reading "not supported": no default may stand in for them', () => {
    const r = readRefusal(tokenizeDump(withValue('/sys/bus/ap/aqmask', 'not supported')));
    expect(r).toMatchObject({ code: 'unreadable-value', file: '/sys/bus/ap/aqmask' });
  });

  it.each([
    ['a missing apmask', replaceFrame(demoDump(), '/sys/bus/ap/apmask', '@ missing /sys/bus/ap/apmask\n'), 'bus/ap/apmask does not exist'],
    [
      'an unreadable aqmask',
      replaceFrame(demoDump(), '/sys/bus/ap/aqmask', '@ error EIO /sys/bus/ap/aqmask\n'),
      'bus/ap/aqmask could not be read (EIO)'
    ],
    [
      'a 65-digit apmask',
      withValue('/sys/bus/ap/apmask', '0x' + 'f'.repeat(65)),
      'bus/ap/apmask has unexpected content: expected 0x and 64 hex digits'
    ],
    [
      'an oversized usage mask',
      replaceFrame(demoDump(), '/sys/bus/ap/ap_usage_domain_mask', '@ error EFBIG /sys/bus/ap/ap_usage_domain_mask\n'),
      'bus/ap/ap_usage_domain_mask holds more than one page'
    ],
    [
      'a garbled ap_max_domain_id',
      withValue('/sys/bus/ap/ap_max_domain_id', 'lots'),
      'bus/ap/ap_max_domain_id has unexpected content: expected a decimal number'
    ]
  ])('refuses %s, naming the file', (_what, dump, sentence) => {
    const { refusal } = parseHostDump(dump, 'x');
    expect(refusal?.message.startsWith(sentence), refusal?.message).toBe(true);
  });

  it('refuses text that is not a dump at all', () => {
    expect(parseHostDump('hello\n', 'x').refusal).toMatchObject({ code: 'not-sysfs' });
  });
});
