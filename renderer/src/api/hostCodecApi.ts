/**
 * The api the store uses, around the raw one (preload or bridge client):
 *
 * - answers carrying a packed host (shared/api/packedResults.ts) are decoded
 *   here, once, into the plain HostState the store expects;
 * - validatePlan is answered in the page, by the same shared code main runs
 *   (shared/plan/safety validateSafely), on the copy of the host main itself
 *   holds for the connection (the one main last sent: connect, readHost,
 *   applyPlan). On `full` a round trip to main cost 340-400 ms and 8.5 MB of
 *   answer for about 2 ms of validation. Main stays the authority: applyPlan
 *   and exportPlan validate again there, on main's own copy, before anything
 *   is written or exported.
 */
import type { ApMatrixApi, ApiMethod } from '../../../shared/api/contract';
import { unpackResult } from '../../../shared/api/packedResults';
import type { HostState } from '../../../shared/host/hostState';
import { validateSafely } from '../../../shared/plan/safety';

/**
 * When the plan slice asks for verdicts after an edit. Validation runs in the
 * page in a few ms, so it no longer waits for the pointer to rest (it waited
 * 250 ms for main); it runs right after the edit's own work, before the next
 * frame, so the edit and its verdicts show together. Returns null: there is
 * nothing to cancel, a newer request simply wins (planSlice's sequence number).
 */
export function soonAfterThisEdit(run: () => void): null {
  queueMicrotask(run);
  return null;
}

/**
 * Builds the validator's per-host caches (shared/plan hostIndex: the kernel
 * state and owner maps of 65,536 queues, about 10 ms on `full`) once the page
 * is idle after a host arrives, so that the first edit does not pay for them.
 */
function warmValidation(host: HostState): void {
  const idle =
    (globalThis as { requestIdleCallback?: (f: () => void) => void }).requestIdleCallback ?? ((f: () => void) => setTimeout(f, 50));
  idle(() => validateSafely(host, { title: 'warm-up', operations: [] }));
}

export function withHostCodec(raw: ApMatrixApi): ApMatrixApi {
  /** the host main holds per connection id, as it last sent it */
  const hosts = new Map<string, HostState>();
  const keep = (connectionId: string, host: HostState) => {
    hosts.set(connectionId, host);
    warmValidation(host);
  };
  const unpacked =
    <Req, Res>(method: ApiMethod, fn: (req: Req) => Promise<Res>) =>
    async (req: Req): Promise<Res> =>
      unpackResult(method, await fn(req));

  return {
    ...raw,
    async connect(req) {
      const res = await unpacked('connect', raw.connect)(req);
      if (res.ok) keep(res.connectionId, res.host);
      return res;
    },
    async readHost(req) {
      const res = await unpacked('readHost', raw.readHost)(req);
      keep(req.connectionId, res.host);
      return res;
    },
    async applyPlan(req) {
      const res = await unpacked('applyPlan', raw.applyPlan)(req);
      keep(req.connectionId, res.host);
      return res;
    },
    async validatePlan(req) {
      const host = hosts.get(req.connectionId);
      // a connection this page did not open (tests, a fleet host): ask main
      if (!host) return unpacked('validatePlan', raw.validatePlan)(req);
      return validateSafely(host, req.plan);
    },
    onApplyProgress: (listener) => raw.onApplyProgress(listener)
  };
}
