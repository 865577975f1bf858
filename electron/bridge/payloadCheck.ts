/**
 * The payload check both front doors (ipc.ts and the bridge) run before the
 * router: the contract's runtime validators (shared/api/validators). The
 * router checks again; a refusal here never reaches the engine at all.
 */
import type { ApiMethod } from '../../shared/api/contract';
import { validateRequest } from '../../shared/api/validators';

/** null when the payload is acceptable, else the validator's sentence (field and rule). */
export function checkRequestPayload(method: ApiMethod, params: unknown): string | null {
  try {
    validateRequest(method, params);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : `${method}: the payload is not acceptable`;
  }
}
