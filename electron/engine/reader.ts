/**
 * Reads a host: ONE dump through the link (one round trip whatever the size of
 * the host), parsed locally into the host state, then audited. A dump that is
 * not a host (no AP bus, an unreadable mask: shared/host/readRefusal.ts) is
 * refused with one sentence naming the file, never shown as an empty host.
 */
import type { Finding } from '../../shared/api/contract';
import { audit } from '../../shared/host/audit';
import type { HostState } from '../../shared/host/hostState';
import { parseHostDump } from '../../shared/host/parseDump';
import type { ReadRefusalCode } from '../../shared/host/readRefusal';
import type { HostLink } from '../transport/types';

export interface HostReading {
  host: HostState;
  findings: Finding[];
}

/** A read that gave no host to show; `file` is the logical path that decided it. */
export class HostReadError extends Error {
  override name = 'HostReadError';
  constructor(
    readonly code: ReadRefusalCode,
    readonly file: string,
    message: string
  ) {
    super(message);
  }
}

export async function readHost(link: HostLink, opts: { afterApply?: boolean } = {}): Promise<HostReading> {
  const text = await link.dump(opts);
  const { host, refusal } = parseHostDump(text, link.source);
  if (refusal) throw new HostReadError(refusal.code, refusal.file, `${link.label}: ${refusal.message}`);
  return { host, findings: audit(host) };
}
