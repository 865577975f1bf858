/**
 * Command-line arguments of `apmatrix sim mount` and the kernel era names it accepts.
 */
import type { Era } from '../../shared/kernel/types';
import { UsageError } from './simEvents';

/**
 * `6.17`, `6.10` ... and `E3` mean the 6.10+ dynamic vfio_ap (§10);
 * `5.15`, any 5.x or 4.x, and `E1` mean the static pre-6.0 one.
 * 6.0 to 6.9 (E2) is not modelled.
 */
export function parseEra(text: string): Era {
  const t = text.trim();
  if (/^e3$/i.test(t)) return 'E3';
  if (/^e1$/i.test(t)) return 'E1';
  const m = /^(\d+)\.(\d+)(?:[.-].*)?$/.exec(t);
  if (m) {
    const major = Number(m[1]);
    const minor = Number(m[2]);
    if (major > 6 || (major === 6 && minor >= 10)) return 'E3';
    if (major < 6) return 'E1';
  }
  throw new UsageError(`unsupported era ${JSON.stringify(text)}: use 6.17 (or E3, any 6.10+) or 5.15 (or E1, any 5.x)`);
}

export interface MountArgs {
  dir: string;
  scenario: string;
  era?: Era;
  /** the host's /etc for the persistent files (`--etc ETCDIR`) */
  etcDir?: string;
  /** hidden: unmount when stdin closes (used by test helpers so a dead test leaves no mount) */
  exitOnStdinClose: boolean;
}

export function parseMountArgs(args: string[]): MountArgs {
  let dir: string | undefined;
  let scenario = 'default';
  let era: Era | undefined;
  let exitOnStdinClose = false;
  let etcDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--scenario') scenario = value();
    else if (a.startsWith('--scenario=')) scenario = a.slice('--scenario='.length);
    else if (a === '--era') era = parseEra(value());
    else if (a.startsWith('--era=')) era = parseEra(a.slice('--era='.length));
    else if (a === '--exit-on-stdin-close') exitOnStdinClose = true;
    else if (a === '--etc') etcDir = value();
    else if (a.startsWith('--etc=')) etcDir = a.slice('--etc='.length);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}: use --scenario NAME, --era 6.17|5.15 or --etc ETCDIR`);
    else if (dir === undefined) dir = a;
    else
      throw new UsageError(`unexpected argument ${JSON.stringify(a)}: usage: apmatrix sim mount DIR [--scenario NAME] [--era 6.17|5.15]`);
  }
  if (dir === undefined) throw new UsageError('missing DIR: usage: apmatrix sim mount DIR [--scenario NAME] [--era 6.17|5.15]');
  return { dir, scenario, era, exitOnStdinClose, ...(etcDir !== undefined ? { etcDir } : {}) };
}
