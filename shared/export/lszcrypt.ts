/**
 * `lszcrypt -V` text of a host state (docs/host-tools.md §1.2-1.3): fixed-width
 * columns separated by one space (longer values are not cut), a dash rule as
 * long as the header, cards in id order each followed by its queues.
 */
import { functionLetters, hex2, hex4, maskHas, parseAbsoluteMask } from '../ap';
import type { CardInfo, HostState, QueueInfo } from '../host/hostState';

interface Column {
  head: string;
  width: number;
  right: boolean;
}

const DEFAULT_COLUMNS: Column[] = [
  { head: 'CARD.DOM', width: 8, right: false },
  { head: 'TYPE', width: 5, right: false },
  { head: 'MODE', width: 11, right: false },
  { head: 'STATUS', width: 10, right: false },
  { head: 'REQUESTS', width: 8, right: true }
];
const VERBOSE_COLUMNS: Column[] = [
  { head: 'PENDING', width: 8, right: true },
  { head: 'HWTYPE', width: 6, right: true },
  { head: 'QDEPTH', width: 6, right: true },
  { head: 'FUNCTIONS', width: 10, right: false },
  { head: 'DRIVER', width: 11, right: false }
];
const SESTAT_COLUMN: Column = { head: 'SESTAT', width: 11, right: false };

function row(columns: Column[], cells: string[]): string {
  return columns.map((c, i) => (c.right ? cells[i].padStart(c.width) : cells[i].padEnd(c.width))).join(' ');
}

/** docs/host-tools.md §1.3 STATUS: deconfig, chkstop, online/offline, else the vfio_ap status text, else `-`. */
function statusText(config: boolean, chkstop: boolean, online: boolean | null, vfioStatus: string | null): string {
  if (!config) return 'deconfig';
  if (chkstop) return 'chkstop';
  if (online !== null) return online ? 'online' : 'offline';
  return vfioStatus ?? '-';
}

/** docs/host-tools.md §1.3 DRIVER: the driver's name when it is a zcrypt or vfio_ap driver. */
function driverText(driver: string | null): string {
  return driver && (/^cex[0-9](card|queue)$/.test(driver) || /^vfio.ap$/.test(driver)) ? driver : '-no-driver-';
}

function zcryptDriven(driver: string | null): boolean {
  return driver !== null && /^cex[0-9](card|queue)$/.test(driver);
}

const SESTAT = ['usable', 'bound', 'unbound', 'illicit'];

function cardCells(c: CardInfo): string[] {
  return [
    hex2(c.id),
    c.type ?? '-',
    c.mode,
    statusText(c.config, c.chkstop, c.online, null),
    !c.config || c.requestCount === null ? '-' : String(c.requestCount),
    // docs/host-tools.md §1.3 PENDING: `-` for a deconfigured card and for devices without a zcrypt driver
    !c.config || !zcryptDriven(c.driver) ? '-' : '0',
    String(c.hwtype),
    String(c.depth).padStart(2, '0'),
    functionLetters(c.functions),
    driverText(c.driver),
    '-'
  ];
}

/** The cells of a queue row, given the card's (which it shares TYPE..FUNCTIONS with). */
function queueCells(c: CardInfo, cardRow: string[], q: QueueInfo): string[] {
  const cells = cardRow.slice();
  cells[0] = `${hex2(q.adapter)}.${hex4(q.domain)}`;
  cells[3] = statusText(q.config, q.chkstop, q.online, q.status);
  cells[4] = !q.config || q.requestCount === null ? '-' : String(q.requestCount);
  cells[5] = !c.config || !zcryptDriven(q.driver) ? '-' : '0';
  cells[9] = driverText(q.driver);
  cells[10] = SESTAT[((c.functions >>> 0) & 0xc000) >>> 14];
  return cells;
}

export function formatLszcrypt(host: HostState, opts: { verbose?: boolean } = {}): string {
  const verbose = opts.verbose ?? true;
  const withSe = verbose && host.busFeatures.includes('APSB');
  const columns = [...DEFAULT_COLUMNS, ...(verbose ? VERBOSE_COLUMNS : []), ...(withSe ? [SESTAT_COLUMN] : [])];
  const width = columns.reduce((n, c) => n + c.width, 0) + columns.length - 1;
  const lines = [
    row(
      columns,
      columns.map((c) => c.head)
    ),
    '-'.repeat(width)
  ];
  const cut = (cells: string[]) => cells.slice(0, columns.length);
  // queues grouped by adapter once (a full host has 65,536 of them)
  const byAdapter = new Map<number, QueueInfo[]>();
  for (const q of host.queues) {
    const list = byAdapter.get(q.adapter);
    if (list) list.push(q);
    else byAdapter.set(q.adapter, [q]);
  }
  for (const card of [...host.cards].sort((a, b) => a.id - b.id)) {
    // docs/host-tools.md §1.2: without -V, devices whose type or online state is unreadable are skipped
    const cardRow = cardCells(card);
    if (verbose || (card.type !== null && card.online !== null)) lines.push(row(columns, cut(cardRow)));
    const queues = (byAdapter.get(card.id) ?? []).sort((a, b) => a.domain - b.domain);
    for (const q of queues) {
      if (verbose || (card.type !== null && q.online !== null)) lines.push(row(columns, cut(queueCells(card, cardRow, q))));
    }
  }
  const usage = parseAbsoluteMask(host.lpar.usageDomains);
  // ap_domain missing or unreadable: the -1 the parser gives is no reading, and lszcrypt's
  // printf of -1 (0xffffffffffffffff) would pass it off as one
  const unread = host.warnings.find((w) => w.file === '/sys/bus/ap/ap_domain');
  if (unread) lines.push(`Warning: Default domain unknown: /sys/bus/ap/ap_domain ${unread.reason}.`);
  else if (host.apDomain < 0 || !maskHas(usage, host.apDomain)) {
    const shown = host.apDomain < 0 ? 'ffffffffffffffff' : hex2(host.apDomain);
    lines.push(`Warning: Default domain 0x${shown} is not available.`);
  }
  return lines.join('\n') + '\n';
}
