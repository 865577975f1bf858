/**
 * The events `apmatrix sim event DIR KIND ARGS...` can send to a mounted
 * model (docs/kernel-model.md §7.4 and §12: guest start/stop, LPAR adapter or
 * domain added/removed, card configured on/off).
 * Adapter and domain IDs are hexadecimal as in sysfs device names
 * (`05`, `0047`, `0xab`).
 */
import type { KernelEvent } from '../../shared/kernel/types';
import { SimError } from './simError';

export const EVENT_USAGE = [
  'guest-start UUID',
  'guest-stop UUID',
  'adapter-add ID',
  'adapter-remove ID',
  'domain-add ID',
  'domain-remove ID',
  'card-config ID 0|1',
  'reboot'
];

/** A kernel event, or a reboot of the whole host from its persistent files (simEtc.ts). */
export type SimEvent = KernelEvent | { kind: 'reboot' };

export class UsageError extends SimError {
  override name = 'UsageError';
}

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function uuidArg(kind: string, args: string[]): string {
  const [uuid] = args;
  if (args.length !== 1 || !UUID_RE.test(uuid))
    throw new UsageError(`${kind} needs one mdev UUID, e.g. \`${kind} 62177883-f1bb-47f0-914d-32a22e3a8804\``);
  return uuid.toLowerCase();
}

export function parseHexId(kind: string, text: string | undefined): number {
  const m = /^(?:0x)?0*([0-9a-fA-F]{1,2})$/.exec(text ?? '');
  if (!m) throw new UsageError(`${kind} needs a hexadecimal ID from 00 to ff, e.g. \`${kind} 05\`; got ${JSON.stringify(text ?? '')}`);
  return parseInt(m[1], 16);
}

function idArg(kind: string, args: string[]): number {
  if (args.length !== 1) throw new UsageError(`${kind} needs exactly one hexadecimal ID, e.g. \`${kind} 05\``);
  return parseHexId(kind, args[0]);
}

/** Parses `KIND ARGS...` into a KernelEvent or throws a UsageError naming the fix. */
export function parseEvent(kind: string | undefined, args: string[]): SimEvent {
  switch (kind) {
    case 'guest-start':
      return { kind, uuid: uuidArg(kind, args) };
    case 'guest-stop':
      return { kind, uuid: uuidArg(kind, args) };
    case 'adapter-add':
      return { kind, id: idArg(kind, args) };
    case 'adapter-remove':
      return { kind, id: idArg(kind, args) };
    case 'domain-add':
      return { kind, id: idArg(kind, args) };
    case 'domain-remove':
      return { kind, id: idArg(kind, args) };
    case 'card-config': {
      if (args.length !== 2 || (args[1] !== '0' && args[1] !== '1')) {
        throw new UsageError('card-config needs an adapter ID and 0 or 1, e.g. `card-config 05 0`');
      }
      return { kind, id: parseHexId(kind, args[0]), config: args[1] === '1' };
    }
    case 'reboot':
      if (args.length) throw new UsageError('reboot takes no arguments');
      return { kind };
    default:
      throw new UsageError(`unknown event ${JSON.stringify(kind ?? '')}; use one of: ${EVENT_USAGE.join(', ')}`);
  }
}
