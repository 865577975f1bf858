/**
 * What every exporter starts from: the checked plan, the host masks before it,
 * the predicted masks after it, and a comment header naming where they came from.
 */
import type { HostState } from '../host/hostState';
import type { Plan } from '../plan/operations';
import { checkPlan, pictureOfHost, predictAfter, type MaskPicture } from './picture';
import { commentText } from './sanitize';

export interface ExportContext {
  host: HostState;
  plan: Plan;
  before: MaskPicture;
  after: MaskPicture;
}

export interface ExportOptions {
  /** the host after the plan as validatePlan computed it; default: the plan replayed on the masks */
  expectedAfter?: HostState;
}

export function exportContext(host: HostState, plan: Plan, opts: ExportOptions = {}): ExportContext {
  checkPlan(plan);
  const before = pictureOfHost(host);
  const after = opts.expectedAfter ? pictureOfHost(opts.expectedAfter) : predictAfter(before, plan);
  return { host, plan, before, after };
}

/** Comment lines (with the given prefix) saying what the file is and where the values come from. */
export function sourceComment(ctx: ExportContext, what: string, prefix = '#'): string[] {
  return [
    `${prefix} ${what}`,
    `${prefix} AP Matrix plan: ${commentText(ctx.plan.title) || '(untitled)'}`,
    `${prefix} Host read from ${commentText(ctx.host.source)} at ${commentText(ctx.host.readAt)}; values are the state after the plan.`
  ];
}
