/**
 * Exact minimum weighted vertex cover of a bipartite graph: adapters on one side,
 * domains on the other, one edge per cell (a*256+d) that must be covered.
 *
 * Freeing or reclaiming works on whole adapters (apmask bits) or whole domains
 * (aqmask bits), never on one queue (docs/kernel-model.md §2.2). To free a set of
 * cells we pick adapters and domains so that every cell has its adapter or its
 * domain picked: a vertex cover. By König's theorem (weighted form) the minimum
 * weight cover equals the minimum s-t cut of the network
 *   source -> adapter (capacity w(adapter)), adapter -> domain (infinite, one per cell),
 *   domain -> sink (capacity w(domain)),
 * and the cover is read from the cut: adapters NOT reachable from the source in
 * the residual graph, plus domains that ARE reachable.
 */
import { cellAdapter, cellDomain } from '../ap/ids';

export interface Cover {
  adapters: number[];
  domains: number[];
  /** sum of the weights of the chosen vertices */
  weight: number;
}

export type VertexWeight = (id: number) => number;

interface Arc {
  to: number;
  cap: number;
  /** index of the reverse arc in graph[to] */
  rev: number;
}

/** Dinic's max flow on a small dense-ish graph (at most 514 nodes, 65,536 middle arcs). */
class FlowNetwork {
  readonly graph: Arc[][];
  private level: Int32Array;
  private iter: Int32Array;

  constructor(readonly size: number) {
    this.graph = Array.from({ length: size }, () => []);
    this.level = new Int32Array(size);
    this.iter = new Int32Array(size);
  }

  addArc(from: number, to: number, cap: number): void {
    this.graph[from].push({ to, cap, rev: this.graph[to].length });
    this.graph[to].push({ to: from, cap: 0, rev: this.graph[from].length - 1 });
  }

  private bfs(s: number): void {
    this.level.fill(-1);
    const queue = [s];
    this.level[s] = 0;
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head];
      for (const e of this.graph[v]) {
        if (e.cap > 0 && this.level[e.to] < 0) {
          this.level[e.to] = this.level[v] + 1;
          queue.push(e.to);
        }
      }
    }
  }

  private dfs(v: number, t: number, f: number): number {
    if (v === t) return f;
    const arcs = this.graph[v];
    for (; this.iter[v] < arcs.length; this.iter[v]++) {
      const e = arcs[this.iter[v]];
      if (e.cap > 0 && this.level[v] < this.level[e.to]) {
        const d = this.dfs(e.to, t, Math.min(f, e.cap));
        if (d > 0) {
          e.cap -= d;
          this.graph[e.to][e.rev].cap += d;
          return d;
        }
      }
    }
    return 0;
  }

  maxFlow(s: number, t: number): number {
    let flow = 0;
    for (;;) {
      this.bfs(s);
      if (this.level[t] < 0) return flow;
      this.iter.fill(0);
      let f: number;
      while ((f = this.dfs(s, t, Infinity)) > 0) flow += f;
    }
  }

  /** Nodes reachable from s through arcs with residual capacity. */
  reachable(s: number): Uint8Array {
    const seen = new Uint8Array(this.size);
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      for (const e of this.graph[v]) {
        if (e.cap > 0 && !seen[e.to]) {
          seen[e.to] = 1;
          stack.push(e.to);
        }
      }
    }
    return seen;
  }
}

/**
 * Minimum weight set of adapters and domains covering every cell.
 * Weights must be finite and >= 0. Duplicate cells are harmless.
 */
export function minimumWeightCover(cells: Iterable<number>, adapterWeight: VertexWeight, domainWeight: VertexWeight): Cover {
  const adapters: number[] = [];
  const domains: number[] = [];
  const aNode = new Int32Array(256).fill(-1);
  const dNode = new Int32Array(256).fill(-1);
  const edges: Array<[number, number]> = [];
  const seenCell = new Uint8Array(65536);
  for (const cell of cells) {
    if (seenCell[cell]) continue;
    seenCell[cell] = 1;
    const a = cellAdapter(cell);
    const d = cellDomain(cell);
    if (aNode[a] < 0) {
      aNode[a] = adapters.length;
      adapters.push(a);
    }
    if (dNode[d] < 0) {
      dNode[d] = domains.length;
      domains.push(d);
    }
    edges.push([a, d]);
  }
  if (edges.length === 0) return { adapters: [], domains: [], weight: 0 };

  // node numbering: 0 = source, 1..A = adapters, A+1..A+D = domains, A+D+1 = sink
  const A = adapters.length;
  const D = domains.length;
  const source = 0;
  const sink = A + D + 1;
  const net = new FlowNetwork(A + D + 2);
  adapters.forEach((a, i) => net.addArc(source, 1 + i, checkWeight(adapterWeight(a), 'adapter', a)));
  domains.forEach((d, j) => net.addArc(1 + A + j, sink, checkWeight(domainWeight(d), 'domain', d)));
  for (const [a, d] of edges) net.addArc(1 + aNode[a], 1 + A + dNode[d], Infinity);
  net.maxFlow(source, sink);

  const reach = net.reachable(source);
  const coverA = adapters.filter((_, i) => !reach[1 + i]).sort((x, y) => x - y);
  const coverD = domains.filter((_, j) => reach[1 + A + j]).sort((x, y) => x - y);
  let weight = 0;
  for (const a of coverA) weight += adapterWeight(a);
  for (const d of coverD) weight += domainWeight(d);
  return { adapters: coverA, domains: coverD, weight };
}

function checkWeight(w: number, what: string, id: number): number {
  if (!Number.isFinite(w) || w < 0) throw new RangeError(`weight of ${what} ${id} must be a finite number >= 0, got ${w}`);
  return w;
}

/** Does choosing these adapters and domains cover every cell? */
export function isCover(cells: Iterable<number>, adapters: Iterable<number>, domains: Iterable<number>): boolean {
  const as = new Set(adapters);
  const ds = new Set(domains);
  for (const c of cells) if (!as.has(cellAdapter(c)) && !ds.has(cellDomain(c))) return false;
  return true;
}
