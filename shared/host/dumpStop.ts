/**
 * Where a dump stopped: the reader names the place when a read ran into its
 * deadline (a FIFO or a hung device blocks the open). The dump script flushes
 * its output before each fixed file and before the queues of each card (read
 * together, dumpScript.ts), so the last `>` line or frame header of the
 * partial output is where it was; a card whose own files are all there was
 * reading its queues.
 */
import { resolveDumpPath } from './dumpFormat';
import { CARD_FILES } from './dumpScript';

const CARD_DIR = /(^|\/)devices\/ap\/card[0-9a-f]{2}$/;

/** below the sysfs root (`devices/ap/card05/05.0004`): the label names the root */
const shown = (p: string) => p.replace(/^\/sys\//, '');

export function whereDumpStopped(partial: string): string | null {
  let dir = '';
  let last: string | null = null;
  let recordsInDir = 0;
  for (const line of partial.split('\n')) {
    if (line.startsWith('> ')) {
      dir = line.slice(2);
      last = `in ${shown(dir)}`;
      recordsInDir = 0;
      continue;
    }
    const m = /^@ (?:ok \d+|missing|error \S+|dir \d+) (.+)$/.exec(line);
    if (m) {
      last = `after ${shown(resolveDumpPath(dir, m[1]))}`;
      recordsInDir++;
    }
  }
  if (CARD_DIR.test(dir) && recordsInDir === CARD_FILES.length) return `in the queues of ${shown(dir)}`;
  return last;
}

/** The sentence for a read that did not finish in time. */
export function readTimeoutMessage(label: string, seconds: number, partial: string): string {
  const where = whereDumpStopped(partial);
  return `${label}: reading the host did not finish within ${seconds} s${where ? `; it stopped ${where}` : ''} (a FIFO or a hung device where a sysfs file should be?)`;
}
