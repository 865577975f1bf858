/**
 * Helpers for the in-process kernel conformance tests: small hosts built as
 * data, the mdev paths, and errno capture.
 */
import { expect } from 'vitest';
import { KernelError, fullMask, maskFromIds } from '../../shared/ap';
import { Kernel, Era, card, createKernel, hostState, range } from '../../shared/kernel';

export const MATRIX = 'devices/vfio_ap/matrix';
export const TYPE = `${MATRIX}/mdev_supported_types/vfio_ap-passthrough`;
export const U1 = '62177883-f1bb-47f0-914d-32a22e3a8804';
export const U2 = 'cef03c3c-903d-4ecc-9a83-40694cb8aee4';
export const U3 = '0fe903a0-a323-44db-9daf-134c68627d61';

export function mdevFile(uuid: string, file: string): string {
  return `${MATRIX}/${uuid}/${file}`;
}

/** The errno name a call fails with, or 'ok'. */
export function errnoOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof KernelError) return e.code;
    throw e;
  }
  return 'ok';
}

export function expectErrno(f: () => unknown, code: string): void {
  expect(errnoOf(f)).toBe(code);
}

export interface HostOptions {
  era?: Era;
  adapters?: number[];
  domains?: number[];
  control?: number[];
  maxAdapter?: number;
  maxDomain?: number;
  /** relative mask writes applied before returning, e.g. '-5,-6' */
  apmask?: string;
  aqmask?: string;
  vfio?: boolean;
  rawType?: number;
}

/** A small host: CEX5C cards (hwtype 11) for `adapters`, usage=control `domains`, masks all ones. */
export function host(o: HostOptions = {}): Kernel {
  const adapters = o.adapters ?? [5, 6];
  const state = hostState({
    era: o.era ?? 'E3',
    maxAdapter: o.maxAdapter ?? 255,
    maxDomain: o.maxDomain ?? 255,
    cards: adapters.map((a) => card(a, o.rawType ?? 11, 'cca')),
    usageDomains: o.domains ?? [4, 0x47, 0xab, 0xff],
    controlDomains: o.control,
    vfioLoaded: o.vfio ?? true
  });
  state.apmask = fullMask();
  state.aqmask = fullMask();
  const k = createKernel(state);
  if (o.apmask) k.write('bus/ap/apmask', o.apmask);
  if (o.aqmask) k.write('bus/ap/aqmask', o.aqmask);
  return k;
}

/** The three-guest example's host with everything freed as the documentation does (§11). */
export function docHost(era: Era = 'E3'): Kernel {
  return host({ era, apmask: '-5,-6', aqmask: '-4,-0x47,-0xab,-0xff' });
}

export function createMdev(k: Kernel, uuid: string): void {
  expect(k.write(`${TYPE}/create`, uuid + '\n')).toBe(37);
}

/** Writes each value with `echo` semantics (trailing newline); returns the errnos. */
export function echo(k: Kernel, path: string, ...values: string[]): string[] {
  return values.map((v) => errnoOf(() => k.write(path, v + '\n')));
}

/** An mdev with adapters x domains written through sysfs; throws if any write fails. */
export function mdevWith(k: Kernel, uuid: string, adapters: number[], domains: number[], control: number[] = []): void {
  createMdev(k, uuid);
  for (const a of adapters) k.write(mdevFile(uuid, 'assign_adapter'), `0x${a.toString(16)}\n`);
  for (const d of domains) k.write(mdevFile(uuid, 'assign_domain'), `0x${d.toString(16)}\n`);
  for (const d of control) k.write(mdevFile(uuid, 'assign_control_domain'), `0x${d.toString(16)}\n`);
}

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

export { range, maskFromIds };
