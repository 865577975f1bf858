/**
 * Typed access to a tokenized dump for the parser: each lookup turns a missing,
 * unreadable or malformed file into a warning naming the file and the reason,
 * and gives the caller null (or a fallback) so the rest of the host still reads.
 */
import { splitDumpPath, type DumpEntry, type TokenizedDump } from './dumpFormat';
import type { ReadWarning } from './hostState';
import { Bad, isBad } from './parseValues';
import { readErrorText } from './readRefusal';

export class DumpView {
  readonly warnings: ReadWarning[];

  constructor(readonly dump: TokenizedDump) {
    this.warnings = dump.warnings.slice();
  }

  warn(file: string, reason: string): void {
    this.warnings.push({ file, reason });
  }

  entry(path: string): DumpEntry | undefined {
    return this.dump.entries.get(path);
  }

  /** The text of a file; null when absent. Warns unless `optional` and it simply does not exist. */
  text(path: string, optional: boolean): string | null {
    const { dir, name } = splitDumpPath(path);
    return this.textIn(dir, name, optional);
  }

  /** text() for `dir/name` without building the path (the per-queue hot path). */
  textIn(dir: string, name: string, optional: boolean): string | null {
    const e = this.dump.entries.getIn(dir, name);
    if (e && e.kind === 'file') return e.text;
    const path = `${dir}/${name}`;
    if (!e) {
      if (!optional) this.warn(path, this.dump.complete ? 'not in the dump' : 'not in the dump (the dump was cut short)');
      return null;
    }
    switch (e.kind) {
      case 'missing':
        if (!optional) this.warn(path, 'does not exist on the host');
        return null;
      case 'error':
        this.warn(path, e.reason === 'truncated' ? 'its content was cut short in the dump' : readErrorText(e.reason));
        return null;
      case 'dir':
        this.warn(path, 'is a directory, a file was expected');
        return null;
    }
  }

  /** Parses a file; a bad value is a warning with the parser's sentence. */
  value<T>(path: string, parse: (text: string) => T | Bad, optional = false): T | null {
    const { dir, name } = splitDumpPath(path);
    return this.valueIn(dir, name, parse, optional);
  }

  valueIn<T>(dir: string, name: string, parse: (text: string) => T | Bad, optional = false): T | null {
    const t = this.textIn(dir, name, optional);
    if (t === null) return null;
    const v = parse(t);
    if (isBad(v)) {
      this.warn(`${dir}/${name}`, `unexpected content: ${v.bad}`);
      return null;
    }
    return v;
  }

  /** A directory listing; null when it does not exist or could not be listed (with a warning unless `optional` and missing). */
  list(path: string, optional: boolean): string[] | null {
    const e = this.dump.entries.get(path);
    if (!e) {
      if (!optional) this.warn(path, this.dump.complete ? 'not in the dump' : 'not in the dump (the dump was cut short)');
      return null;
    }
    if (e.kind === 'dir') return e.entries;
    if (e.kind === 'missing') {
      if (!optional) this.warn(path, 'does not exist on the host');
      return null;
    }
    if (e.kind === 'error')
      this.warn(path, e.reason === 'truncated' ? 'its listing was cut short in the dump' : `could not be listed (${e.reason})`);
    else this.warn(path, 'is a file, a directory was expected');
    return null;
  }
}
