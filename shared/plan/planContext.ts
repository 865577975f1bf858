/**
 * The state one planSelection call works on: the host it read, a working matrix
 * model that every emitted operation is applied to, and the refusals so far.
 */
import { hex2, hex4 } from '../ap/ids';
import type { HostState } from '../host/hostState';
import { applyToModel, type MatrixModel } from './matrixModel';
import type { Operation } from './operations';
import { describeOwner, guestNames } from './ownerText';

export interface PlanContext {
  host: HostState;
  model: MatrixModel;
  ops: Operation[];
  refusals: string[];
  names: Map<string, string>;
  controlFollowsUsage: boolean;
}

export function newContext(host: HostState, model: MatrixModel, controlFollowsUsage: boolean): PlanContext {
  return { host, model, ops: [], refusals: [], names: guestNames(host), controlFollowsUsage };
}

export function emit(ctx: PlanContext, op: Operation): void {
  ctx.ops.push(op);
  applyToModel(ctx.model, op);
}

export function refuse(ctx: PlanContext, sentence: string): void {
  ctx.refusals.push(sentence);
}

export function owner(ctx: PlanContext, o: string): string {
  return describeOwner(ctx.host, o, ctx.names);
}

export const adapterText = (a: number): string => `adapter 0x${hex2(a)}`;
export const domainText = (d: number): string => `domain 0x${hex4(d)}`;

/** Distinct adapters and domains of cells, ascending. */
export function linesOf(cells: Iterable<number>): { adapters: number[]; domains: number[] } {
  const as = new Set<number>();
  const ds = new Set<number>();
  for (const c of cells) {
    as.add(c >>> 8);
    ds.add(c & 0xff);
  }
  return { adapters: [...as].sort((x, y) => x - y), domains: [...ds].sort((x, y) => x - y) };
}

/** Ids above the kernel's maximum are refused with ENODEV (§6.2 range check). */
export function checkRange(ctx: PlanContext, adapters: number[], domains: number[], what: string): boolean {
  const badA = adapters.filter((a) => a > ctx.model.maxAdapter);
  const badD = domains.filter((d) => d > ctx.model.maxDomain);
  for (const a of badA) {
    refuse(
      ctx,
      `${adapterText(a)} is above the highest adapter id 0x${hex2(ctx.model.maxAdapter)} (ap_max_adapter_id); the kernel would answer ENODEV to ${what}.`
    );
  }
  for (const d of badD) {
    refuse(
      ctx,
      `${domainText(d)} is above the highest domain id 0x${hex4(ctx.model.maxDomain)} (ap_max_domain_id); the kernel would answer ENODEV to ${what}.`
    );
  }
  return badA.length === 0 && badD.length === 0;
}

/** E1: every assign/unassign fails with EBUSY while a guest has the mdev open (§6.4). */
export function checkNotBusyE1(ctx: PlanContext, uuid: string): boolean {
  if (ctx.model.era !== 'E1') return true;
  const m = ctx.host.mdevs.find((x) => x.uuid === uuid);
  if (!m?.attached) return true;
  refuse(
    ctx,
    `${owner(ctx, uuid)} is in use by a running guest; kernels before 6.0 refuse every assign and unassign (EBUSY) until the guest stops.`
  );
  return false;
}
