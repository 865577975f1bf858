/**
 * Reads the status lines the plan script prints in machine mode (see the
 * header of shellScript.ts): the engine uses this to know how many steps
 * landed and what the kernel answered.
 */
import { STRERROR, type Errno } from '../ap';

export interface StepStatus {
  step: number;
  ok: boolean;
  /** the kernel's message, e.g. `Address already in use` */
  errorText: string | null;
  /** its errno name when it is one the project knows */
  errno: Errno | null;
}

export interface MachineReport {
  lock: { ok: boolean; owner: string | null } | null;
  preflight: { ok: boolean; forced: boolean; differs: string[] } | null;
  steps: StepStatus[];
  verify: { ok: boolean; differs: string[] } | null;
  abort: string | null;
  done: boolean;
  /** the host was already in the plan's end state: nothing written */
  already: boolean;
  /** the PID the script waited for on the lock, when it had to wait */
  lockWait: string | null;
  /** an interrupted apply journalled on the host stopped the script (exit 6) */
  journal: { own: boolean; digest: string | null; landed: string; total: string; file: string } | null;
  /** lines that are not part of the protocol */
  unknown: string[];
}

const ERRNO_BY_TEXT = new Map<string, Errno>(Object.entries(STRERROR).map(([k, v]) => [v, k as Errno]));

export function errnoFromText(text: string): Errno | null {
  return ERRNO_BY_TEXT.get(text.trim()) ?? null;
}

export function parseMachineOutput(stdout: string): MachineReport {
  const r: MachineReport = {
    lock: null,
    preflight: null,
    steps: [],
    verify: null,
    abort: null,
    done: false,
    already: false,
    lockWait: null,
    journal: null,
    unknown: []
  };
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^STEP (\d+) OK$/.exec(line))) r.steps.push({ step: Number(m[1]), ok: true, errorText: null, errno: null });
    else if ((m = /^STEP (\d+) FAIL (.*)$/.exec(line))) {
      r.steps.push({ step: Number(m[1]), ok: false, errorText: m[2], errno: errnoFromText(m[2]) });
    } else if (line === 'LOCK OK') r.lock = { ok: true, owner: null };
    else if ((m = /^LOCK FAIL (.*)$/.exec(line))) r.lock = { ok: false, owner: m[1] };
    else if (line === 'PREFLIGHT OK') r.preflight = { ok: true, forced: false, differs: [] };
    else if ((m = /^PREFLIGHT OK FORCED (.*)$/.exec(line))) r.preflight = { ok: true, forced: true, differs: m[1].split(' ') };
    else if ((m = /^PREFLIGHT FAIL (.*)$/.exec(line))) r.preflight = { ok: false, forced: false, differs: m[1].split(' ') };
    else if (line === 'VERIFY OK') r.verify = { ok: true, differs: [] };
    else if ((m = /^VERIFY FAIL (.*)$/.exec(line))) r.verify = { ok: false, differs: m[1].split(' ') };
    else if ((m = /^ABORT (.*)$/.exec(line))) r.abort = m[1];
    else if (line === 'DONE') r.done = true;
    else if (line === 'ALREADY') r.already = true;
    else if ((m = /^LOCK WAIT (.*)$/.exec(line))) r.lockWait = m[1];
    else if ((m = /^JOURNAL OWN (\S+) (\S+) (.*)$/.exec(line)))
      r.journal = { own: true, digest: null, landed: m[1], total: m[2], file: m[3] };
    else if ((m = /^JOURNAL OTHER (\S+) (\S+) (\S+) (.*)$/.exec(line)))
      r.journal = { own: false, digest: m[1], landed: m[2], total: m[3], file: m[4] };
    else r.unknown.push(line);
  }
  return r;
}

/** How many leading steps the script reports as written. */
export function landedSteps(report: MachineReport): number {
  let n = 0;
  for (const s of report.steps) {
    if (!s.ok || s.step !== n + 1) break;
    n = s.step;
  }
  return n;
}
