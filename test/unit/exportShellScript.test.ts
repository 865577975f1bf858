/**
 * The plan script generator without running it: refuses anything that is not a
 * validated number or UUID, keeps free text in one-line comments, and computes
 * the expected result as validatePlan does. Also the machine-line parser and
 * the POSIX cksum used for large files.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ASSIGN_KINDS } from '../../shared/plan/operations';
import { buildScenario, createKernel } from '../../shared/kernel';
import { dumpFromSysfs } from '../../shared/host/dumpSysfs';
import { parseDump } from '../../shared/host/parseDump';
import type { HostState } from '../../shared/host/hostState';
import { validatePlan } from '../../shared/plan';
import { opPath, opPayload, type Operation, type Plan } from '../../shared/plan/operations';
import {
  ExportError,
  exportShellScript,
  landedSteps,
  parseMachineOutput,
  pictureOfHost,
  posixCksum,
  predictAfter,
  matrixText
} from '../../shared/export';
import { maskFromIds, maskToHex } from '../../shared/ap';

const NEW = '4a3c1e5f-0b7d-4e2a-9c61-7d2f0e8b1a34';

function demoHost(): HostState {
  return parseDump(dumpFromSysfs(createKernel(buildScenario('demo').state)), 'demo:demo');
}

const host = demoHost();
const UUIDS = [...host.mdevs.map((m) => m.uuid), NEW];
const IDS = [0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x0e, 0x3f, 0x47, 0xab, 0xff];

const idArb = fc.constantFrom(...IDS);
const uuidArb = fc.constantFrom(...UUIDS);
const opArb: fc.Arbitrary<Operation> = fc.oneof(
  fc
    .record({
      kind: fc.constantFrom('apmask' as const, 'aqmask' as const),
      set: fc.uniqueArray(idArb, { maxLength: 2 }),
      clear: fc.uniqueArray(idArb, { maxLength: 2 })
    })
    .map((o) => ({ ...o, clear: o.clear.filter((x) => !o.set.includes(x)) })) // set and clear share no id (opIdLists)
    .filter((o) => o.set.length + o.clear.length > 0),
  fc.record({ kind: fc.constantFrom('create-mdev' as const, 'remove-mdev' as const), uuid: uuidArb }),
  fc.record({
    kind: fc.constantFrom(...ASSIGN_KINDS),
    uuid: uuidArb,
    id: idArb
  }),
  fc.record({
    kind: fc.constant('ap-config' as const),
    uuid: uuidArb,
    apm: fc.uniqueArray(idArb, { maxLength: 2 }),
    aqm: fc.uniqueArray(idArb, { maxLength: 2 }),
    adm: fc.uniqueArray(idArb, { maxLength: 2 })
  })
);
const planArb = fc.array(opArb, { minLength: 1, maxLength: 8 }).map((operations): Plan => ({ title: 'random', operations }));

function masksOf(h: HostState): unknown {
  return { apmask: h.apmask, aqmask: h.aqmask, mdevs: Object.fromEntries(h.mdevs.map((m) => [m.uuid, [m.apm, m.aqm, m.adm]])) };
}

describe('exportShellScript refuses what is not validated', () => {
  const ok: Plan = { title: 't', operations: [{ kind: 'assign-adapter', uuid: NEW, id: 5 }] };

  it.each([
    ['an id above 255', { kind: 'assign-adapter', uuid: NEW, id: 256 }],
    ['a negative id', { kind: 'assign-domain', uuid: NEW, id: -1 }],
    ['an uppercase UUID', { kind: 'create-mdev', uuid: NEW.toUpperCase() }],
    ['a UUID with a shell command', { kind: 'remove-mdev', uuid: `${NEW}';reboot;'` }],
    ['an unknown kind', { kind: 'echo', uuid: NEW, id: 1 }],
    ['a mask write without ids (it would clear the whole mask)', { kind: 'apmask', set: [], clear: [] }],
    ['ids that are text', { kind: 'aqmask', set: ['1;reboot'], clear: [] }]
  ])('%s', (_what, op) => {
    expect(() => exportShellScript(host, { title: 't', operations: [op as unknown as Operation] })).toThrow(ExportError);
  });

  it('a host value that is not a mask, id or UUID', () => {
    expect(() => exportShellScript({ ...host, apmask: '0xff\nreboot' }, ok)).toThrow(/host.apmask/);
    expect(() => exportShellScript({ ...host, maxDomain: 300 }, ok)).toThrow(/host.maxDomain/);
    expect(() => exportShellScript({ ...host, mdevs: [{ ...host.mdevs[0], uuid: '$(reboot)' }] }, ok)).toThrow(/uuid/);
  });
});

describe('free text stays in one-line comments', () => {
  it('title, source and time with newlines and shell syntax', () => {
    const evil = "x'\n$(touch /tmp/pwned)\r`id`\u0000\u2028end";
    const text = exportShellScript(
      { ...host, source: evil, readAt: evil },
      { title: evil, operations: [{ kind: 'create-mdev', uuid: NEW }] },
      { generatedAt: evil }
    );
    for (const line of text.split('\n')) {
      if (line.includes('pwned') || line.includes('`id`')) expect(line.startsWith('#')).toBe(true);
    }
    // eslint-disable-next-line no-control-regex -- a NUL in the script is what this looks for
    expect(text).not.toMatch(/\r|\u0000|\u2028/);
  });
});

describe('the script text', () => {
  it('has one ap_step and one ap_dry per operation with its path and payload, and the header describes each', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const text = exportShellScript(host, plan);
        const steps = text.split('\n').filter((l) => l.startsWith('ap_step '));
        expect(steps).toHaveLength(plan.operations.length);
        steps.forEach((l, i) =>
          expect(l.startsWith(`ap_step ${i + 1} '${opPath(plan.operations[i])}' '${opPayload(plan.operations[i])}' '`)).toBe(true)
        );
        expect(text.split('\n').filter((l) => l.startsWith('  ap_dry '))).toHaveLength(plan.operations.length);
        expect(text).toContain(`AP_TOTAL=${plan.operations.length}\n`);
      }),
      { numRuns: 50 }
    );
  });

  it('expects after a successful plan exactly what validatePlan predicts', () => {
    let checked = 0;
    fc.assert(
      fc.property(planArb, (plan) => {
        const v = validatePlan(host, plan);
        if (v.firstFailure >= 0) return;
        checked++;
        const after = predictAfter(pictureOfHost(host), plan);
        const mdevs = Object.fromEntries([...after.mdevs].map(([u, m]) => [u, [maskToHex(m.apm), maskToHex(m.aqm), maskToHex(m.adm)]]));
        expect({ apmask: maskToHex(after.apmask), aqmask: maskToHex(after.aqmask), mdevs }).toEqual(masksOf(v.after));
      }),
      { numRuns: 300 }
    );
    expect(checked).toBeGreaterThan(10);
  });

  it('compares a large matrix by its POSIX cksum', () => {
    const all = Array.from({ length: 256 }, (_, i) => i);
    const big: Plan = { title: 'big', operations: [{ kind: 'ap-config', uuid: NEW, apm: all, aqm: all, adm: [] }] };
    const text = exportShellScript(host, big);
    const expected = matrixText(maskFromIds(all), maskFromIds(all), 255, 255) + '\n';
    expect(text).toContain(`ap_expect_sum 'devices/vfio_ap/matrix/${NEW}/matrix' '${posixCksum(expected)}'`);
  });
});

describe('machine lines', () => {
  it('parse into lock, preflight, steps, verify, done', () => {
    const r = parseMachineOutput(
      [
        'LOCK OK',
        'PREFLIGHT OK FORCED bus/ap/apmask bus/ap/aqmask',
        'STEP 1 OK',
        'STEP 2 OK',
        'STEP 3 FAIL Address already in use',
        ''
      ].join('\n')
    );
    expect(r.lock).toEqual({ ok: true, owner: null });
    expect(r.preflight).toEqual({ ok: true, forced: true, differs: ['bus/ap/apmask', 'bus/ap/aqmask'] });
    expect(r.steps[2]).toEqual({ step: 3, ok: false, errorText: 'Address already in use', errno: 'EADDRINUSE' });
    expect(landedSteps(r)).toBe(2);
    expect(r.done).toBe(false);
    const done = parseMachineOutput('LOCK OK\nPREFLIGHT OK\nSTEP 1 OK\nVERIFY OK\nDONE\n');
    expect([done.verify, done.done, done.unknown]).toEqual([{ ok: true, differs: [] }, true, []]);
    expect(parseMachineOutput('LOCK FAIL 4242\n').lock).toEqual({ ok: false, owner: '4242' });
    expect(parseMachineOutput('hello\n').unknown).toEqual(['hello']);
  });

  it('cksum of the empty text is the POSIX value', () => {
    expect(posixCksum('')).toBe('4294967295 0');
    expect(posixCksum('05.0047\n05.00ff\n')).toBe('2557360934 16');
  });
});
