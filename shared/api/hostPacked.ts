/**
 * A compact wire form of HostState for the page (issue 9 point 7). A `full`
 * host has 65,536 queues: as JSON objects that is 8.7 MB the page must parse
 * into 65,536 objects. Packed, the queues travel as parallel typed arrays
 * (cell, flags, driver index, request count) in base64, and everything else
 * (cards, mdevs, masks, guests ...) as the small JSON it already is.
 *
 * decodeHost(encodeHost(h)) deep-equals h for every HostState (property test:
 * test/unit/hostPacked.test.ts). A queue the packed form cannot express exactly
 * (an unexpected key, a status outside the contract) makes the whole queue
 * list travel as JSON instead: exact first, small when possible.
 */
import type { HostState, QueueInfo, VfioQueueStatus } from '../host/hostState';
import { base64ToBytes, bytesToBase64 } from './base64';

export interface PackedHost {
  packed: 'host/1';
  /** the host without `queues`, as JSON */
  rest: string;
  queues:
    | { form: 'json'; json: string }
    | {
        form: 'arrays';
        count: number;
        /** Uint16 adapter * 256 + domain, in the host's order */
        cells: string;
        /** Uint8 per queue, bits below */
        flags: string;
        /** driver names; index 0 means null */
        drivers: string[];
        /** Uint8 (or Uint16 past 255 names) index into drivers */
        driver: string;
        /** requestCount as Int32 (every value an int32) or Float64; null is a flag */
        counts: { type: 'i32' | 'f64'; data: string };
      };
}

const ONLINE_KNOWN = 1; // online !== null
const ONLINE = 2;
const CONFIG = 4;
const CHKSTOP = 8;
const COUNT_NULL = 16;
const STATUS_SHIFT = 5; // two bits: 0 null, 1..3 STATUSES
const STATUSES: Array<VfioQueueStatus | null> = [null, 'unassigned', 'assigned', 'in use'];
const QUEUE_KEYS = ['adapter', 'chkstop', 'config', 'domain', 'driver', 'online', 'requestCount', 'status'].join();

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Whether the arrays form holds this queue exactly. */
function packable(q: QueueInfo): boolean {
  return (
    Object.keys(q).sort().join() === QUEUE_KEYS &&
    Number.isInteger(q.adapter) &&
    q.adapter >= 0 &&
    q.adapter <= 255 &&
    Number.isInteger(q.domain) &&
    q.domain >= 0 &&
    q.domain <= 255 &&
    (q.driver === null || typeof q.driver === 'string') &&
    (q.online === null || typeof q.online === 'boolean') &&
    STATUSES.includes(q.status) &&
    typeof q.config === 'boolean' &&
    typeof q.chkstop === 'boolean' &&
    (q.requestCount === null || typeof q.requestCount === 'number')
  );
}

export function encodeHost(host: HostState): PackedHost {
  const { queues, ...restHost } = host;
  const rest = JSON.stringify(restHost);
  if (!queues.every(packable)) return { packed: 'host/1', rest, queues: { form: 'json', json: JSON.stringify(queues) } };
  const n = queues.length;
  const cells = new Uint16Array(n);
  const flags = new Uint8Array(n);
  const drivers: string[] = [''];
  const driverIndex = new Map<string, number>();
  const driverOf = new Uint16Array(n);
  const int32 = queues.every((q) => q.requestCount === null || ((q.requestCount | 0) === q.requestCount && !Object.is(q.requestCount, -0)));
  const counts = int32 ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = queues[i];
    cells[i] = (q.adapter << 8) | q.domain;
    flags[i] =
      (q.online === null ? 0 : ONLINE_KNOWN | (q.online ? ONLINE : 0)) |
      (q.config ? CONFIG : 0) |
      (q.chkstop ? CHKSTOP : 0) |
      (q.requestCount === null ? COUNT_NULL : 0) |
      (STATUSES.indexOf(q.status) << STATUS_SHIFT);
    if (q.requestCount !== null) counts[i] = q.requestCount;
    if (q.driver !== null) {
      let k = driverIndex.get(q.driver);
      if (k === undefined) {
        k = drivers.push(q.driver) - 1;
        driverIndex.set(q.driver, k);
      }
      driverOf[i] = k;
    }
  }
  const driver = drivers.length <= 256 ? Uint8Array.from(driverOf) : driverOf;
  return {
    packed: 'host/1',
    rest,
    queues: {
      form: 'arrays',
      count: n,
      cells: bytesToBase64(bytesOf(cells)),
      flags: bytesToBase64(flags),
      drivers,
      driver: bytesToBase64(bytesOf(driver)),
      counts: { type: int32 ? 'i32' : 'f64', data: bytesToBase64(bytesOf(counts)) }
    }
  };
}

export class PackedHostError extends Error {
  override name = 'PackedHostError';
  readonly code = 'EBADPACKED';
  constructor(
    readonly part: string,
    message: string
  ) {
    super(message);
  }
}

function bytes(part: string, text: unknown, size: number): Uint8Array {
  const b = typeof text === 'string' ? base64ToBytes(text) : null;
  if (!b || b.length !== size)
    throw new PackedHostError(part, `The packed host's ${part} is not ${size} bytes of base64; the answer was damaged on the way.`);
  return b; // a fresh buffer at offset 0: the typed views below are aligned
}

export function isPackedHost(v: unknown): v is PackedHost {
  return typeof v === 'object' && v !== null && (v as PackedHost).packed === 'host/1';
}

/** Queues of one host at most: every adapter times every domain (docs/kernel-model.md §1.1). */
const MAX_QUEUES = 256 * 256;

function json<T>(part: string, text: unknown, isShape: (v: unknown) => boolean): T {
  let v: unknown;
  try {
    v = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    v = undefined;
  }
  if (!isShape(v))
    throw new PackedHostError(part, `The packed host's ${part} is not the JSON it should be; the answer was damaged on the way.`);
  return v as T;
}

const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

export function decodeHost(p: PackedHost): HostState {
  const rest = json<Omit<HostState, 'queues'>>('rest', p.rest, isMap);
  if (!isMap(p.queues)) throw new PackedHostError('queues', "The packed host's queues are missing; the answer was damaged on the way.");
  const q = p.queues;
  if (q.form === 'json') return { ...rest, queues: json<QueueInfo[]>('queues', q.json, (v) => Array.isArray(v) && v.length <= MAX_QUEUES) };
  const form: unknown = q.form;
  if (form !== 'arrays')
    throw new PackedHostError(
      'queues',
      `The packed host's queue form ${JSON.stringify(String(form)).slice(0, 40)} is unknown; the answer was damaged on the way.`
    );
  const n = q.count;
  if (!Number.isInteger(n) || n < 0 || n > MAX_QUEUES)
    throw new PackedHostError(
      'count',
      `The packed host's queue count ${JSON.stringify(n)?.slice(0, 20)} is not 0 to ${MAX_QUEUES}; the answer was damaged on the way.`
    );
  if (
    !Array.isArray(q.drivers) ||
    q.drivers.length < 1 ||
    q.drivers.length > MAX_QUEUES + 1 ||
    !q.drivers.every((d) => typeof d === 'string')
  )
    throw new PackedHostError('drivers', "The packed host's driver names are not a list of names; the answer was damaged on the way.");
  if (!isMap(q.counts) || (q.counts.type !== 'i32' && q.counts.type !== 'f64'))
    throw new PackedHostError('counts', "The packed host's request counts have no known type; the answer was damaged on the way.");
  const cells = new Uint16Array(bytes('cells', q.cells, n * 2).buffer);
  const flags = bytes('flags', q.flags, n);
  const wide = q.drivers.length > 256;
  const driverBytes = bytes('driver', q.driver, wide ? n * 2 : n);
  const driverOf = wide ? new Uint16Array(driverBytes.buffer) : driverBytes;
  const countBytes = bytes('counts', q.counts.data, q.counts.type === 'i32' ? n * 4 : n * 8);
  const counts = q.counts.type === 'i32' ? new Int32Array(countBytes.buffer) : new Float64Array(countBytes.buffer);
  const queues = new Array<QueueInfo>(n);
  for (let i = 0; i < n; i++) {
    const f = flags[i];
    const k = driverOf[i];
    if (k >= q.drivers.length)
      throw new PackedHostError(
        'driver',
        `The packed host's queue ${i} names driver ${k} of ${q.drivers.length}; the answer was damaged on the way.`
      );
    queues[i] = {
      adapter: cells[i] >> 8,
      domain: cells[i] & 255,
      driver: k === 0 ? null : q.drivers[k],
      online: f & ONLINE_KNOWN ? (f & ONLINE) !== 0 : null,
      status: STATUSES[(f >> STATUS_SHIFT) & 3],
      config: (f & CONFIG) !== 0,
      chkstop: (f & CHKSTOP) !== 0,
      requestCount: f & COUNT_NULL ? null : counts[i]
    };
  }
  return { ...rest, queues };
}
