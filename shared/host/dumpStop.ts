/**
 * Where a dump stopped: the reader names the place when a read ran into its
 * deadline (a FIFO or a hung device blocks the open). The dump script flushes
 * its output before each queue directory and each fixed file, so the last `>`
 * line or frame header of the partial output is where it was.
 */
import { resolveDumpPath } from './dumpFormat';

/** below the sysfs root (`devices/ap/card05/05.0004`): the label names the root */
const shown = (p: string) => p.replace(/^\/sys\//, '');

export function whereDumpStopped(partial: string): string | null {
  let dir = '';
  let last: string | null = null;
  for (const line of partial.split('\n')) {
    if (line.startsWith('> ')) {
      dir = line.slice(2);
      last = `in ${shown(dir)}`;
      continue;
    }
    const m = /^@ (?:ok \d+|missing|error \S+|dir \d+) (.+)$/.exec(line);
    if (m) last = `after ${shown(resolveDumpPath(dir, m[1]))}`;
  }
  return last;
}

/** The sentence for a read that did not finish in time. */
export function readTimeoutMessage(label: string, seconds: number, partial: string): string {
  const where = whereDumpStopped(partial);
  return `${label}: reading the host did not finish within ${seconds} s${where ? `; it stopped ${where}` : ''} (a FIFO or a hung device where a sysfs file should be?)`;
}
