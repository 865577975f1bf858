/**
 * The audit: findings with a severity, a sentence and the cells they concern.
 * Errors for ownership conflicts, warnings for what keeps queues from a guest
 * or drifts from its definition, infos for idle or advisory things.
 */
import type { Finding } from '../api/contract';
import {
  adaptersFiltered,
  controlOutsideLpar,
  freedQueuesCannotBind,
  idleFreedQueues,
  idsAboveMax,
  mdevQueuesHostOwned,
  overProvisioned,
  queuesInTwoMdevs,
  usageWithoutControl,
  type AuditContext
} from './auditMatrix';
import { libvirtFindings, mdevctlFindings } from './auditExtras';
import { PERSIST_AUDIT_CODES, persistFindings } from './auditPersist';
import { guestIndex, mdevLabel, sortFindings } from './auditText';
import type { HostState } from './hostState';
import { computeLayers, type Layers } from './layers';

/** Every code the audit can produce. */
export const AUDIT_CODES = [
  'queue-in-two-mdevs',
  'mdev-queue-host-owned',
  'adapter-filtered',
  'queue-cannot-bind',
  'id-above-max',
  'over-provisioned',
  'usage-domain-without-control',
  'control-domain-outside-lpar',
  'freed-queue-idle',
  'mdevctl-invalid',
  'mdevctl-overlap',
  'mdevctl-not-active',
  'mdevctl-differs',
  'mdev-no-guest',
  'guest-mdev-missing',
  ...PERSIST_AUDIT_CODES
] as const;
export type AuditCode = (typeof AUDIT_CODES)[number];

const RULES: Array<(cx: AuditContext) => Finding[]> = [
  queuesInTwoMdevs,
  mdevQueuesHostOwned,
  adaptersFiltered,
  freedQueuesCannotBind,
  idsAboveMax,
  overProvisioned,
  usageWithoutControl,
  controlOutsideLpar,
  idleFreedQueues,
  mdevctlFindings,
  libvirtFindings,
  persistFindings
];

export function audit(host: HostState, layers: Layers = computeLayers(host)): Finding[] {
  const guests = guestIndex(host);
  const cx: AuditContext = { host, layers, guests, label: (uuid) => mdevLabel(uuid, guests) };
  const out: Finding[] = [];
  for (const rule of RULES) out.push(...rule(cx));
  return sortFindings(out);
}
