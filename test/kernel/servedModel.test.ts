/**
 * The simulator's served model (electron/sim/servedModel.ts): answers are
 * remembered per model version, so repeated lookups and opens of one path are
 * rendered once; every write (even refused) and every event starts a new
 * version, after which nothing remembered is served.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, createKernel } from '../../shared/kernel';
import { serveModel } from '../../electron/sim/servedModel';

const M = 'devices/vfio_ap/matrix';
const U = '62177883-f1bb-47f0-914d-32a22e3a8804';

function counted() {
  const kernel = createKernel(buildScenario('default').state);
  const calls = { read: 0, stat: 0 };
  const model = serveModel({
    read: (p) => (calls.read++, kernel.read(p)),
    stat: (p) => (calls.stat++, kernel.stat(p)),
    list: (p) => kernel.list(p),
    write: (p, d) => kernel.write(p, d),
    event: (e) => kernel.event(e)
  });
  return { model, calls, kernel };
}

describe('served model', () => {
  it('renders a file and resolves a path once per version, errors included', () => {
    const { model, calls } = counted();
    expect(model.read('bus/ap/apmask')).toBe(model.read('bus/ap/apmask'));
    model.stat('bus/ap/apmask');
    model.stat('bus/ap/apmask');
    expect(() => model.stat('bus/ap/nothing')).toThrow();
    expect(() => model.stat('bus/ap/nothing')).toThrow();
    expect(calls).toEqual({ read: 1, stat: 2 });
  });

  it('a write shows at once, and a refused write also starts a new version', () => {
    const { model } = counted();
    const before = model.read('bus/ap/apmask');
    expect(() => model.stat(`${M}/${U}`)).toThrow();
    model.write(`${M}/mdev_supported_types/vfio_ap-passthrough/create`, U);
    expect(model.stat(`${M}/${U}`).kind).toBe('dir');
    const v = model.version;
    expect(() => model.write('bus/ap/apmask', 'not a mask')).toThrow();
    expect(model.version).toBe(v + 1);
    model.write('bus/ap/apmask', '-0');
    expect(model.read('bus/ap/apmask')).not.toBe(before);
  });

  it('an event shows at once', () => {
    const { model } = counted();
    expect(model.stat('devices/ap/card01').kind).toBe('dir');
    model.event({ kind: 'adapter-remove', id: 1 });
    expect(() => model.stat('devices/ap/card01')).toThrow();
  });

  it('waits for the invalidator the mount sets', async () => {
    const { model } = counted();
    let forgotten = 0;
    model.setInvalidator(async () => void forgotten++);
    await model.settle();
    expect(forgotten).toBe(1);
  });
});
