/**
 * Run-time checks of every request payload of the ApMatrixApi contract.
 * Main never trusts the renderer (docs/architecture.md, rules of the house): the router runs these before a
 * handler sees the payload. A failure names the field (`plan.operations[3].id`)
 * and the rule it broke, in one sentence.
 */
import { operationError, type Operation, type Plan } from '../plan/operations';
import type { ApiMethod, ConnectRequest, ConnectTarget, ExportFormat, ScenarioName } from './contract';
import type { FleetSource } from './fleetContract';

export class PayloadError extends Error {
  override name = 'PayloadError';
  readonly code = 'invalid-payload';
  constructor(
    readonly method: string,
    readonly field: string,
    readonly rule: string,
    readonly input: unknown
  ) {
    super(`${method}: ${field} ${rule}`);
  }
}

export const SCENARIO_NAMES: readonly ScenarioName[] = ['default', 'demo', 'legacy', 'full'];
export const EXPORT_FORMATS: readonly ExportFormat[] = ['sh', 'chzdev', 'mdevctl', 'libvirt', 'kparm', 'qemu', 'lszcrypt', 'ansible'];
export const MAX_OPERATIONS = 20_000;
export const MAX_TEXT = 16 * 1024 * 1024;

function fail(method: string): (field: string, rule: string, input: unknown) => never {
  return (field, rule, input) => {
    throw new PayloadError(method, field, rule, input);
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Builds the small checks for one method so errors carry its name. */
function checks(method: string) {
  const no = fail(method);
  const object = (v: unknown, field: string, allowed: string[]): Record<string, unknown> => {
    if (!isObject(v)) no(field, 'must be an object', v);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) no(`${field}.${k}`, `is not a known field (expected ${allowed.join(', ') || 'none'})`, o[k]);
    return o;
  };
  const string = (
    v: unknown,
    field: string,
    max: number,
    opts: { empty?: boolean; pattern?: RegExp; patternText?: string } = {}
  ): string => {
    if (typeof v !== 'string') no(field, 'must be a string', v);
    const s = v as string;
    if (!opts.empty && s.length === 0) no(field, 'must not be empty', v);
    if (s.length > max) no(field, `must be at most ${max} characters long (got ${s.length})`, `${s.slice(0, 40)}…`);
    if (s.includes('\0')) no(field, 'must not contain a NUL character', v);
    if (opts.pattern && !opts.pattern.test(s)) no(field, opts.patternText ?? `must match ${opts.pattern}`, v);
    return s;
  };
  const oneOf = <T extends string>(v: unknown, field: string, values: readonly T[]): T => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) no(field, `must be one of ${values.join(', ')}`, v);
    return v as T;
  };
  const connectionId = (v: unknown, field: string): string =>
    string(v, field, 64, {
      pattern: /^[A-Za-z0-9_-]+$/,
      patternText: 'must be a connection id returned by connect (letters, digits, - and _)'
    });
  const plan = (v: unknown, field: string): Plan => {
    const o = object(v, field, ['title', 'operations']);
    string(o.title, `${field}.title`, 500, { empty: true });
    if (!Array.isArray(o.operations)) no(`${field}.operations`, 'must be a list of operations', o.operations);
    const ops = o.operations as unknown[];
    if (ops.length > MAX_OPERATIONS)
      no(`${field}.operations`, `must hold at most ${MAX_OPERATIONS} operations (got ${ops.length})`, ops.length);
    ops.forEach((op, i) => {
      const f = `${field}.operations[${i}]`;
      const why = operationError(op);
      if (why) no(f, `is not a valid operation: ${why}`, op);
      const allowed = operationFields(op as Operation);
      object(op, f, allowed);
    });
    return { title: o.title as string, operations: ops as Operation[] };
  };
  return { no, object, string, oneOf, connectionId, plan };
}

function operationFields(op: Operation): string[] {
  switch (op.kind) {
    case 'apmask':
    case 'aqmask':
      return ['kind', 'set', 'clear'];
    case 'create-mdev':
    case 'remove-mdev':
      return ['kind', 'uuid'];
    case 'ap-config':
      return ['kind', 'uuid', 'apm', 'aqm', 'adm'];
    default:
      return ['kind', 'uuid', 'id'];
  }
}

function target(method: string, v: unknown): ConnectTarget {
  const c = checks(method);
  if (!isObject(v)) c.no('target', 'must be an object with a kind (demo, local or ssh)', v);
  const kind = c.oneOf((v as Record<string, unknown>).kind, 'target.kind', ['demo', 'local', 'ssh'] as const);
  if (kind === 'demo') {
    const o = c.object(v, 'target', ['kind', 'scenario', 'era']);
    const scenario = c.oneOf(o.scenario, 'target.scenario', SCENARIO_NAMES);
    if (o.era !== undefined) c.oneOf(o.era, 'target.era', ['E1', 'E3'] as const);
    return { kind, scenario, ...(o.era !== undefined ? { era: o.era as 'E1' | 'E3' } : {}) };
  }
  if (kind === 'local') {
    const o = c.object(v, 'target', ['kind', 'root', 'etcRoot']);
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    const absolutePathWithoutControls = /^\/[^\x00-\x1f\x7f]*$/;
    const root = c.string(o.root, 'target.root', 4096, {
      pattern: absolutePathWithoutControls,
      patternText: 'must be an absolute path (like /sys) without control characters'
    });
    if (o.etcRoot === undefined) return { kind, root };
    const etcRoot = c.string(o.etcRoot, 'target.etcRoot', 4096, {
      pattern: absolutePathWithoutControls,
      patternText: 'must be an absolute path (like /etc) without control characters'
    });
    return { kind, root, etcRoot };
  }
  const o = c.object(v, 'target', ['kind', 'host']);
  // an alias or [user@]host[:port]; never an option (`-oProxyCommand=...`)
  const host = c.string(o.host, 'target.host', 255, {
    pattern: /^[A-Za-z0-9_.[\]:%@-]+$/,
    patternText: 'must be a host alias or name (letters, digits and . _ - : @ [ ] only)'
  });
  if (host.startsWith('-')) c.no('target.host', 'must not start with "-"', host);
  return { kind, host };
}

/** Each method's validator returns the payload typed (and stripped of nothing: unknown fields are refused). */
export const VALIDATORS: Record<ApiMethod, (payload: unknown) => unknown> = {
  listTargets(p) {
    if (p !== undefined && p !== null && !(isObject(p) && Object.keys(p).length === 0)) {
      checks('listTargets').no('payload', 'must be empty', p);
    }
    return undefined;
  },
  connect(p): ConnectRequest {
    const c = checks('connect');
    const o = c.object(p, 'payload', ['target', 'acceptHostKey', 'secret']);
    const req: ConnectRequest = { target: target('connect', o.target) };
    if (o.acceptHostKey !== undefined) {
      req.acceptHostKey = c.string(o.acceptHostKey, 'acceptHostKey', 100, {
        pattern: /^SHA256:[A-Za-z0-9+/]{43}$/,
        patternText: 'must be a fingerprint as shown, SHA256: followed by 43 base64 characters'
      });
    }
    if (o.secret !== undefined) req.secret = c.string(o.secret, 'secret', 1024, { empty: true });
    return req;
  },
  readHost(p) {
    const c = checks('readHost');
    const o = c.object(p, 'payload', ['connectionId']);
    return { connectionId: c.connectionId(o.connectionId, 'connectionId') };
  },
  disconnect(p) {
    const c = checks('disconnect');
    const o = c.object(p, 'payload', ['connectionId']);
    return { connectionId: c.connectionId(o.connectionId, 'connectionId') };
  },
  validatePlan(p) {
    const c = checks('validatePlan');
    const o = c.object(p, 'payload', ['connectionId', 'plan']);
    return { connectionId: c.connectionId(o.connectionId, 'connectionId'), plan: c.plan(o.plan, 'plan') };
  },
  applyPlan(p) {
    const c = checks('applyPlan');
    const o = c.object(p, 'payload', ['connectionId', 'plan', 'fingerprint', 'persist', 'mode']);
    if (o.mode !== undefined && o.mode !== 'apply' && o.mode !== 'resume' && o.mode !== 'rollback') {
      throw new PayloadError('applyPlan', 'mode', 'must be apply, resume or rollback', o.mode);
    }
    return {
      connectionId: c.connectionId(o.connectionId, 'connectionId'),
      plan: c.plan(o.plan, 'plan'),
      fingerprint: c.string(o.fingerprint, 'fingerprint', 200, {
        pattern: /^[\x21-\x7e]+$/,
        patternText: 'must be the fingerprint of the host state the plan was made on'
      }),
      ...(o.persist !== undefined ? { persist: c.oneOf(o.persist, 'persist', ['active', 'persistent', 'both'] as const) } : {}),
      ...(o.mode !== undefined ? { mode: o.mode } : {})
    };
  },
  exportPlan(p) {
    const c = checks('exportPlan');
    const o = c.object(p, 'payload', ['connectionId', 'plan', 'format']);
    return {
      connectionId: c.connectionId(o.connectionId, 'connectionId'),
      plan: c.plan(o.plan, 'plan'),
      format: c.oneOf(o.format, 'format', EXPORT_FORMATS)
    };
  },
  saveFile(p) {
    const c = checks('saveFile');
    const o = c.object(p, 'payload', ['suggestedName', 'text']);
    const suggestedName = c.string(o.suggestedName, 'suggestedName', 255, {
      pattern: /^(?!\.{1,2}$)[^/\\]+$/,
      patternText: 'must be a file name without a directory (no / or \\)'
    });
    return { suggestedName, text: c.string(o.text, 'text', MAX_TEXT, { empty: true }) };
  },
  readFleet(p) {
    const c = checks('readFleet');
    const o = c.object(p, 'payload', ['sources', 'parallel']);
    if (!Array.isArray(o.sources) || o.sources.length === 0 || o.sources.length > 256)
      c.no('sources', 'must be a list of 1 to 256 host sources', o.sources);
    const sources = (o.sources as unknown[]).map((s, i) => fleetSource(c, s, `sources[${i}]`));
    if (o.parallel !== undefined && (!Number.isInteger(o.parallel) || (o.parallel as number) < 1 || (o.parallel as number) > 64))
      c.no('parallel', 'must be an integer 1..64', o.parallel);
    return { sources, ...(o.parallel !== undefined ? { parallel: o.parallel as number } : {}) };
  },
  rereadFleetHost(p) {
    const c = checks('rereadFleetHost');
    const o = c.object(p, 'payload', ['name']);
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    const withoutControls = /^[^\x00-\x1f\x7f]+$/;
    return { name: c.string(o.name, 'name', 255, { pattern: withoutControls, patternText: 'must be a host name of the fleet' }) };
  }
};

/** One fleet source: a demo scenario, an SSH alias or host, or an inventory file (fleetContract.ts). */
function fleetSource(c: ReturnType<typeof checks>, v: unknown, field: string): FleetSource {
  if (!isObject(v)) c.no(field, 'must be an object with a kind (demo, ssh or inventory)', v);
  const kind = c.oneOf((v as Record<string, unknown>).kind, `${field}.kind`, ['demo', 'ssh', 'inventory'] as const);
  if (kind === 'demo') {
    const o = c.object(v, field, ['kind', 'scenario']);
    return { kind, scenario: c.oneOf(o.scenario, `${field}.scenario`, SCENARIO_NAMES) };
  }
  if (kind === 'ssh') {
    const o = c.object(v, field, ['kind', 'host']);
    return { kind, host: (target('readFleet', { kind: 'ssh', host: o.host }) as { host: string }).host };
  }
  const o = c.object(v, field, ['kind', 'path', 'limit']);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  const absolutePathWithoutControls = /^\/[^\x00-\x1f\x7f]*$/;
  const path = c.string(o.path, `${field}.path`, 4096, {
    pattern: absolutePathWithoutControls,
    patternText: 'must be an absolute path without control characters'
  });
  if (o.limit === undefined) return { kind, path };
  return {
    kind,
    path,
    limit: c.string(o.limit, `${field}.limit`, 255, {
      pattern: /^[A-Za-z0-9_.:@-]+$/,
      patternText: 'must be a group or host name of the inventory'
    })
  };
}

/** Validates the payload of `method`; throws PayloadError naming the field and the rule. */
export function validateRequest<M extends ApiMethod>(method: M, payload: unknown): unknown {
  if (!Object.prototype.hasOwnProperty.call(VALIDATORS, method)) {
    throw new PayloadError(
      String(method),
      'method',
      `is not a request of the API (use one of ${Object.keys(VALIDATORS).join(', ')})`,
      method
    );
  }
  return VALIDATORS[method](payload);
}

/** Checks a plan read from elsewhere (a plan file): `{title, operations}`; `where` names it in errors. */
export function validatePlanValue(value: unknown, where = 'plan'): Plan {
  return checks(where).plan(value, 'plan');
}
