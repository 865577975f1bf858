/**
 * The api the store uses, around the raw one (preload or bridge client):
 *
 * - answers carrying a packed host (shared/api/packedResults.ts) are decoded
 *   here, once, into the plain HostState the store expects;
 * - each host that arrives warms the validator's caches: the plan slice
 *   judges edits in the page with shared/plan (on `full` a validatePlan round
 *   trip to main cost 340-400 ms and 8.5 MB for about 2 ms of validation).
 *   Main stays the authority: applyPlan and exportPlan validate again there,
 *   on main's own copy, before anything is written or exported.
 */
import type { ApMatrixApi, ApiMethod } from '../../../shared/api/contract';
import { unpackResult } from '../../../shared/api/packedResults';
import type { HostState } from '../../../shared/host/hostState';
import { validateSafely } from '../../../shared/plan/safety';

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
  const unpacked =
    <Req, Res>(method: ApiMethod, fn: (req: Req) => Promise<Res>) =>
    async (req: Req): Promise<Res> =>
      unpackResult(method, await fn(req));

  return {
    ...raw,
    async connect(req) {
      const res = await unpacked('connect', raw.connect)(req);
      if (res.ok) warmValidation(res.host);
      return res;
    },
    async readHost(req) {
      const res = await unpacked('readHost', raw.readHost)(req);
      warmValidation(res.host);
      return res;
    },
    async applyPlan(req) {
      const res = await unpacked('applyPlan', raw.applyPlan)(req);
      warmValidation(res.host);
      return res;
    },
    validatePlan: unpacked('validatePlan', raw.validatePlan),
    onApplyProgress: (listener) => raw.onApplyProgress(listener)
  };
}
