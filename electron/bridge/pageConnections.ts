/**
 * Which page holds which connection, in browser mode. A page names itself with
 * a random id (header X-ApMatrix-Page on each request, `?page=` on its /events
 * socket). The page's socket is its presence: when the last one closes (tab
 * closed, crashed, killed: cases where `pagehide` never runs) and the page does
 * not come back within the grace period, its connections are freed. A page
 * also holds at most `maxPerPage` connections.
 */
export const PAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

export interface PageConnectionsOptions {
  disconnect(connectionId: string): Promise<unknown>;
  maxPerPage: number;
  /** how long a page may be without a socket (a reconnect after a blip) before its connections go */
  graceMs: number;
  log(line: string): void;
}

export function createPageConnections(o: PageConnectionsOptions) {
  const held = new Map<string, Set<string>>();
  const sockets = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();

  const free = (page: string) => {
    timers.delete(page);
    const ids = held.get(page);
    held.delete(page);
    if (!ids?.size) return;
    o.log(`bridge: page ${page} is gone: freeing ${ids.size} connection${ids.size === 1 ? '' : 's'}`);
    for (const id of ids) void o.disconnect(id).catch(() => undefined);
  };

  return {
    /** the sentence that refuses one more connect of this page, or null */
    refusal(page: string): string | null {
      const n = held.get(page)?.size ?? 0;
      return n >= o.maxPerPage
        ? `this page holds ${n} connections already (at most ${o.maxPerPage}): disconnect one, or reload the page to free its connections`
        : null;
    },
    /** bookkeeping after a request of the page answered */
    answered(page: string, method: string, params: unknown, result: unknown): void {
      if (method === 'connect') {
        const r = result as { ok?: boolean; connectionId?: unknown };
        if (r?.ok && typeof r.connectionId === 'string') {
          let ids = held.get(page);
          if (!ids) held.set(page, (ids = new Set()));
          ids.add(r.connectionId);
        }
      } else if (method === 'disconnect') {
        const id = (params as { connectionId?: unknown })?.connectionId;
        if (typeof id === 'string') for (const ids of held.values()) ids.delete(id);
      }
    },
    socketOpened(page: string): void {
      sockets.set(page, (sockets.get(page) ?? 0) + 1);
      clearTimeout(timers.get(page));
      timers.delete(page);
    },
    socketClosed(page: string): void {
      const n = (sockets.get(page) ?? 1) - 1;
      if (n > 0) return void sockets.set(page, n);
      sockets.delete(page);
      clearTimeout(timers.get(page));
      const t = setTimeout(() => free(page), o.graceMs);
      t.unref();
      timers.set(page, t);
    },
    /** connections held per page (tests, diagnostics) */
    count(page: string): number {
      return held.get(page)?.size ?? 0;
    },
    dispose(): void {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    }
  };
}
