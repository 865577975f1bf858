/**
 * The "after reboot" picture of a host for the renderer: the next boot
 * (shared/persist/nextBoot.ts, the same function the audit and the simulator
 * use) and its layers, computed once per host object, and the paint of one
 * ownership picture (LPAR, host, each mdev in its grid colour, changes marked)
 * on the compact set of adapters and domains either side uses.
 */
import { maskHas } from '../../../shared/ap';
import type { HostState } from '../../../shared/host/hostState';
import { computeLayers, type Layers, LPAR_CONFIGURED, LPAR_DECONFIGURED } from '../../../shared/host/layers';
import { nextBoot, nextBootHost, type NextBoot } from '../../../shared/persist/nextBoot';
import { mdevColours, PALETTES, rgba, type ThemeName } from '../grid/palette';

export interface RebootPicture {
  boot: NextBoot;
  now: HostState;
  after: HostState;
  nowLayers: Layers;
  afterLayers: Layers;
  /** adapters and domains shown: those in the LPAR or in an mdev, now or after */
  adapters: number[];
  domains: number[];
  /** cells whose owner (none, host, an mdev) differs */
  changed: Set<number>;
}

const cache = new WeakMap<HostState, RebootPicture | null>();

function used(l: Layers, which: 'adapters' | 'domains'): number[] {
  const out: number[] = [];
  for (let i = 0; i < 256; i++) {
    const lpar = which === 'adapters' ? maskHas(l.masks.adapters, i) : maskHas(l.masks.usageDomains, i);
    const inMdev = l.masks.mdevs.some((m) => maskHas(which === 'adapters' ? m.apm : m.aqm, i));
    if (lpar || inMdev) out.push(i);
  }
  return out;
}

/** Who owns a cell: '' nobody (or not in the LPAR), 'h' the host, else the mdev uuid. */
function ownerOf(h: HostState, l: Layers, cell: number): string {
  const m = l.mdevOwner[cell];
  if (m) return h.mdevs[m - 1].uuid;
  return l.lpar[cell] === LPAR_CONFIGURED || l.lpar[cell] === LPAR_DECONFIGURED ? (l.host[cell] ? 'h' : 'f') : '';
}

export function rebootPicture(host: HostState | null): RebootPicture | null {
  if (!host) return null;
  if (cache.has(host)) return cache.get(host)!;
  const boot = nextBoot(host);
  const after = boot ? nextBootHost(host, boot) : null;
  let pic: RebootPicture | null = null;
  if (boot && after) {
    const nowLayers = computeLayers(host);
    const afterLayers = computeLayers(after);
    const adapters = [...new Set([...used(nowLayers, 'adapters'), ...used(afterLayers, 'adapters')])].sort((a, b) => a - b);
    const domains = [...new Set([...used(nowLayers, 'domains'), ...used(afterLayers, 'domains')])].sort((a, b) => a - b);
    const changed = new Set<number>();
    for (const a of adapters)
      for (const d of domains) {
        const c = a * 256 + d;
        if (ownerOf(host, nowLayers, c) !== ownerOf(after, afterLayers, c)) changed.add(c);
      }
    pic = { boot, now: host, after, nowLayers, afterLayers, adapters, domains, changed };
  }
  cache.set(host, pic);
  return pic;
}

/** Cell size in pixels so the compact picture fits `width`. */
export function cellSize(pic: RebootPicture, width: number, max = 18): number {
  return Math.max(1, Math.min(max, Math.floor(width / Math.max(1, pic.domains.length))));
}

/**
 * Paints one side: rows = adapters, columns = domains (compact). mdev colours
 * are by uuid in the "now" host's order, so an mdev keeps its colour on both
 * sides; `markChanges` outlines the cells a reboot changes.
 */
export function paintSide(
  canvas: HTMLCanvasElement,
  pic: RebootPicture,
  side: 'now' | 'after',
  theme: ThemeName,
  size: number,
  markChanges: boolean
): void {
  const h = side === 'now' ? pic.now : pic.after;
  const l = side === 'now' ? pic.nowLayers : pic.afterLayers;
  const p = PALETTES[theme];
  const order = new Map(pic.now.mdevs.map((m, i) => [m.uuid, i + 1]));
  for (const m of pic.after.mdevs) if (!order.has(m.uuid)) order.set(m.uuid, order.size + 1);
  const colours = mdevColours(order.size, theme);
  const w = pic.domains.length * size;
  const ht = pic.adapters.length * size;
  canvas.width = Math.max(1, w);
  canvas.height = Math.max(1, ht);
  const ctx = canvas.getContext('2d');
  if (!ctx || !w || !ht) return;
  const img = ctx.createImageData(w, ht);
  const px = new Uint32Array(img.data.buffer);
  const mark = rgba(230, 40, 60);
  pic.adapters.forEach((a, row) => {
    pic.domains.forEach((d, col) => {
      const cell = a * 256 + d;
      const owner = l.mdevOwner[cell];
      const lpar = l.lpar[cell];
      let colour = lpar === LPAR_CONFIGURED ? (l.host[cell] ? p.host : p.pool) : lpar === LPAR_DECONFIGURED ? p.down : p.absent;
      if (owner) colour = colours.full[order.get(h.mdevs[owner - 1].uuid) ?? 0] ?? colour;
      const outline = markChanges && pic.changed.has(cell);
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const edge = size > 3 && (x === 0 || y === 0 || x === size - 1 || y === size - 1);
          px[(row * size + y) * w + col * size + x] = outline && edge ? mark : edge && size > 5 ? p.absent : colour;
        }
    });
  });
  ctx.putImageData(img, 0, 0);
}
