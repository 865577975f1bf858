/**
 * Dump text (dumpFormat.ts) to HostState. Never throws: a truncated, garbled or
 * partly unreadable dump gives the state that could be read plus `warnings`
 * naming each file and the reason.
 */
import { Mask, emptyMask, fullMask, maskToHex, modeFromFunctions } from '../ap';
import { tokenizeDump, type TokenizedDump } from './dumpFormat';
import { DumpView } from './dumpView';
import { hostFingerprint } from './fingerprint';
import type { CardInfo, HostState, MdevInfo, QueueInfo, VfioQueueStatus } from './hostState';
import { parseGuests, parseMdevctlDir } from './parseExtrasDump';
import { parsePersist } from './parsePersistDump';
import {
  firstLine,
  isBad,
  parseApConfigText,
  parseBoolText,
  parseControlDomainsText,
  parseCountText,
  parseHex32Text,
  parseIntText,
  parseMaskText,
  parseMatrixText
} from './parseValues';
import { detectEra } from './era';
import { readRefusal, type ReadRefusal } from './readRefusal';

const BUS = '/sys/bus/ap';
const MATRIX = '/sys/devices/vfio_ap/matrix';
const CARD_DIR = /^\/sys\/devices\/ap\/card([0-9a-f]{2})$/;
const QUEUE_DIR = /^\/sys\/devices\/ap\/card([0-9a-f]{2})\/([0-9a-f]{2})\.([0-9a-f]{4})$/;
const UUID_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const features = (t: string) => {
  const words = firstLine(t).trim().split(/\s+/).filter(Boolean);
  return words.length === 1 && words[0] === '-' ? [] : words; // §2 `-` without QCI
};

function readBus(v: DumpView) {
  const mask = (name: string, fallback: () => Mask) => maskToHex(v.value(`${BUS}/${name}`, parseMaskText) ?? fallback());
  return {
    busFeatures: v.value(`${BUS}/features`, features) ?? [],
    maxAdapter: v.value(`${BUS}/ap_max_adapter_id`, (t) => parseIntText(t, 0, 255)) ?? 255,
    maxDomain: v.value(`${BUS}/ap_max_domain_id`, (t) => parseIntText(t, 0, 255)) ?? 255,
    lpar: {
      adapters: mask('ap_adapter_mask', emptyMask),
      usageDomains: mask('ap_usage_domain_mask', emptyMask),
      controlDomains: mask('ap_control_domain_mask', emptyMask)
    },
    // §2.2: all ones is the kernel's default when nothing was written
    apmask: mask('apmask', fullMask),
    aqmask: mask('aqmask', fullMask),
    apDomain: v.value(`${BUS}/ap_domain`, (t) => parseIntText(t, -1, 255)) ?? -1
  };
}

type Bindings = Record<'cex4card' | 'cex4queue' | 'vfio_ap', Set<string> | null>;

/** Names bound to each AP driver, from the driver directories (§4); null when a listing is unusable. */
function readBindings(v: DumpView): Bindings {
  const set = (d: string, optional: boolean) => {
    const names = v.list(`${BUS}/drivers/${d}`, optional);
    if (names) return new Set(names);
    // vfio_ap absent = not loaded (§9.5): nothing bound to it
    return optional && v.entry(`${BUS}/drivers/${d}`)?.kind === 'missing' ? new Set<string>() : null;
  };
  return { cex4card: set('cex4card', false), cex4queue: set('cex4queue', false), vfio_ap: set('vfio_ap', true) };
}

function readCard(v: DumpView, dir: string, id: number, bound: Set<string> | null): CardInfo | null {
  const hwtype = v.value(`${dir}/hwtype`, (t) => parseIntText(t, 0, 255));
  const functions = v.value(`${dir}/ap_functions`, parseHex32Text);
  if (hwtype === null || functions === null) {
    v.warn(dir, 'card left out: its hwtype or ap_functions could not be read');
    return null;
  }
  const type = v.value(`${dir}/type`, (t) => firstLine(t).trim(), true);
  const serial = v.value(`${dir}/serialnr`, (t) => firstLine(t).trim(), true);
  const name = dir.slice(dir.lastIndexOf('/') + 1);
  return {
    id,
    hwtype,
    rawHwtype: v.value(`${dir}/raw_hwtype`, (t) => parseIntText(t, 0, 255), true) ?? hwtype, // §3.1 6.10+
    type: type || null,
    mode: modeFromFunctions(functions),
    functions,
    depth: v.value(`${dir}/depth`, (t) => parseIntText(t, 0, 255)) ?? 0,
    config: v.value(`${dir}/config`, parseBoolText) ?? true,
    chkstop: v.value(`${dir}/chkstop`, parseBoolText) ?? false,
    online: v.value(`${dir}/online`, parseBoolText, true),
    driver: bound ? (bound.has(name) ? 'cex4card' : null) : type ? 'cex4card' : null, // §3.1 `type` comes with cex4card
    requestCount: v.value(`${dir}/request_count`, parseCountText, true),
    serialnr: serial || null
  };
}

const STATUSES: ReadonlySet<string> = new Set(['unassigned', 'assigned', 'in use']);
const parseStatus = (t: string): VfioQueueStatus | { bad: string } => {
  const s = firstLine(t).trim();
  return STATUSES.has(s) ? (s as VfioQueueStatus) : { bad: `expected unassigned, assigned or in use, read ${JSON.stringify(s)}` };
};

function readQueue(v: DumpView, dir: string, a: number, d: number, bound: Bindings): QueueInfo {
  const name = dir.slice(dir.lastIndexOf('/') + 1);
  // without a usable listing, the reader's choice tells: it reads `online` only for
  // cex4queue queues and `status` only for vfio_ap ones (dumpScript.ts)
  const cex4 = bound.cex4queue ? bound.cex4queue.has(name) : v.dump.entries.getIn(dir, 'online') !== undefined;
  const vfio = !cex4 && (bound.vfio_ap ? bound.vfio_ap.has(name) : v.dump.entries.getIn(dir, 'status') !== undefined);
  return {
    adapter: a,
    domain: d,
    driver: cex4 ? 'cex4queue' : vfio ? 'vfio_ap' : null,
    online: cex4 ? v.valueIn(dir, 'online', parseBoolText) : null, // §3.2 cex4queue adds online
    status: vfio ? v.valueIn(dir, 'status', parseStatus) : null, // §3.2 vfio_ap adds status
    config: v.valueIn(dir, 'config', parseBoolText) ?? true,
    chkstop: v.valueIn(dir, 'chkstop', parseBoolText) ?? false,
    requestCount: v.valueIn(dir, 'request_count', parseCountText) ?? null
  };
}

function readMdev(v: DumpView, uuid: string): MdevInfo {
  const dir = `${MATRIX}/${uuid}`;
  let apm: Mask;
  let aqm: Mask;
  let adm: Mask;
  // §6.1: ap_config (E3) carries the exact masks; matrix only prints ids up to the maxima
  const cfg = v.value(`${dir}/ap_config`, parseApConfigText, true);
  if (cfg) ({ apm, aqm, adm } = cfg);
  else {
    const mx = v.value(`${dir}/matrix`, parseMatrixText);
    apm = mx?.apm ?? emptyMask();
    aqm = mx?.aqm ?? emptyMask();
    adm = v.value(`${dir}/control_domains`, parseControlDomainsText) ?? emptyMask();
  }
  const guest = v.value(`${dir}/guest_matrix`, parseMatrixText, true); // §6.1 E2+
  return {
    uuid,
    apm: maskToHex(apm),
    aqm: maskToHex(aqm),
    adm: maskToHex(adm),
    guestApm: guest ? maskToHex(guest.apm) : null,
    guestAqm: guest ? maskToHex(guest.aqm) : null,
    attached: false
  };
}

function parseDumpOrThrow(dump: TokenizedDump, source: string): HostState {
  const v = new DumpView(dump);
  const bus = readBus(v);
  const bound = readBindings(v);
  v.list('/sys/devices/ap', false);

  const cards: CardInfo[] = [];
  const queues: QueueInfo[] = [];
  for (const dir of v.dump.dirs) {
    const q = QUEUE_DIR.exec(dir);
    if (q) {
      const a = parseInt(q[2], 16);
      if (a !== parseInt(q[1], 16)) v.warn(dir, 'queue directory inside another card: left out');
      else queues.push(readQueue(v, dir, a, parseInt(q[3], 16), bound));
      continue;
    }
    const c = CARD_DIR.exec(dir);
    if (c) {
      const card = readCard(v, dir, parseInt(c[1], 16), bound.cex4card);
      if (card) cards.push(card);
    }
  }
  cards.sort((x, y) => x.id - y.id);
  queues.sort((x, y) => x.adapter * 256 + x.domain - (y.adapter * 256 + y.domain));

  const matrixEntries = v.list(MATRIX, true);
  const matrixFeatures = v.value(`${MATRIX}/features`, features, true) ?? [];
  // mdevs: the listing, plus any mdev directory the dump holds (when the listing was damaged)
  const uuids = new Set((matrixEntries ?? []).filter((n) => UUID_NAME.test(n)));
  for (const dir of v.dump.dirs) {
    if (dir.startsWith(MATRIX + '/') && UUID_NAME.test(dir.slice(MATRIX.length + 1))) uuids.add(dir.slice(MATRIX.length + 1));
  }
  const mdevs = [...uuids].sort().map((u) => readMdev(v, u));
  // §9.5 the matrix device exists only while vfio_ap is loaded
  const vfioLoaded = matrixEntries !== null || mdevs.length > 0 || v.entry(`${MATRIX}/features`)?.kind === 'file';

  const { guests, readable: libvirt } = parseGuests(v);
  const { definitions: mdevctl, readable: mdevctlReadable } = parseMdevctlDir(v);
  const persist = parsePersist(v, mdevctl, mdevctlReadable);

  // attached: a running libvirt guest names the mdev, or a queue it holds is `in use`
  // (§3.2; with overlapping mdevs the queue is linked to the first holder only)
  const running = new Set(guests.filter((g) => g.running).map((g) => g.mdev));
  for (const m of mdevs) m.attached = running.has(m.uuid);
  markInUseHolders(mdevs, queues);

  const era = detectEra(v, mdevs, matrixFeatures, cards, vfioLoaded);
  const host: Omit<HostState, 'fingerprint'> = {
    source,
    readAt: new Date().toISOString(),
    era,
    busFeatures: bus.busFeatures,
    matrixFeatures,
    maxAdapter: bus.maxAdapter,
    maxDomain: bus.maxDomain,
    lpar: bus.lpar,
    apmask: bus.apmask,
    aqmask: bus.aqmask,
    apDomain: bus.apDomain,
    vfioLoaded,
    cards,
    queues,
    mdevs,
    guests,
    mdevctl,
    readable: { libvirt, mdevctl: mdevctlReadable },
    warnings: v.warnings,
    ...(persist ? { persist } : {})
  };
  return { ...host, fingerprint: hostFingerprint(host) };
}

function markInUseHolders(mdevs: MdevInfo[], queues: QueueInfo[]): void {
  const inUse = queues.filter((q) => q.status === 'in use');
  if (!inUse.length || !mdevs.length) return;
  const masks = mdevs.map((m) => ({ apm: parseMaskText(m.apm), aqm: parseMaskText(m.aqm) }));
  const has = (mk: Mask | { bad: string }, id: number) => !isBad(mk) && (mk[id >>> 3] & (0x80 >>> (id & 7))) !== 0;
  for (const q of inUse) {
    const i = masks.findIndex((mk) => has(mk.apm, q.adapter) && has(mk.aqm, q.domain));
    if (i >= 0) mdevs[i].attached = true;
  }
}

/** A host state with nothing known, for input that could not be parsed at all. */
export function emptyHostState(source: string): HostState {
  const host: Omit<HostState, 'fingerprint'> = {
    source,
    readAt: new Date().toISOString(),
    era: 'E3',
    busFeatures: [],
    matrixFeatures: [],
    maxAdapter: 255,
    maxDomain: 255,
    lpar: { adapters: maskToHex(emptyMask()), usageDomains: maskToHex(emptyMask()), controlDomains: maskToHex(emptyMask()) },
    apmask: maskToHex(fullMask()),
    aqmask: maskToHex(fullMask()),
    apDomain: -1,
    vfioLoaded: false,
    cards: [],
    queues: [],
    mdevs: [],
    guests: [],
    mdevctl: [],
    readable: { libvirt: false, mdevctl: false },
    warnings: []
  };
  return { ...host, fingerprint: hostFingerprint(host) };
}

/** Parses a host dump. Never throws. */
export function parseDump(text: string, source: string): HostState {
  return parseHostDump(text, source).host;
}

/**
 * Parses a host dump and says whether it may be shown as a host at all
 * (readRefusal.ts): the engine's reader refuses a dump with a refusal. Never throws.
 */
export function parseHostDump(text: string, source: string): { host: HostState; refusal: ReadRefusal | null } {
  try {
    const dump = tokenizeDump(typeof text === 'string' ? text : String(text));
    return { host: parseDumpOrThrow(dump, source), refusal: readRefusal(dump) };
  } catch (e) {
    const h = emptyHostState(source);
    const reason = `could not be parsed: ${(e as Error)?.message ?? String(e)}`;
    h.warnings.push({ file: 'dump', reason });
    return { host: h, refusal: { code: 'not-sysfs', file: 'dump', message: `the host dump ${reason}` } };
  }
}
