/**
 * Reads a host: ONE dump through the link (one round trip whatever the size of
 * the host), parsed locally into the host state, then audited.
 */
import type { Finding } from '../../shared/api/contract';
import { audit } from '../../shared/host/audit';
import type { HostState } from '../../shared/host/hostState';
import { parseDump } from '../../shared/host/parseDump';
import type { HostLink } from '../transport/types';

export interface HostReading {
  host: HostState;
  findings: Finding[];
}

export async function readHost(link: HostLink, opts: { afterApply?: boolean } = {}): Promise<HostReading> {
  const text = await link.dump(opts);
  const host = parseDump(text, link.source);
  return { host, findings: audit(host) };
}
