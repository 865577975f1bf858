/**
 * The host dump format (version 1): one text stream that carries every file the
 * reader needs, produced either by the shell command of dumpScript.ts on a real
 * host (one round trip) or in-process by dumpSysfs.ts from any Sysfs.
 *
 * Line-framed, so that no file content can forge a header and a cut or damaged
 * stream still yields every frame before the damage:
 *
 *   #APDUMP 1                      first line: magic and version
 *   > /sys/devices/ap/card05       sets the directory for RELATIVE paths below
 *   @ ok <bytes> <path>            a file that was read; its content follows as
 *   |<line>                          lines, each prefixed with `|` (every line of
 *   |<line>                          the file, the last one too, even if the file
 *                                    had no final newline: one is counted for it)
 *   @ missing <path>               the file or directory does not exist
 *   @ error <REASON> <path>        it exists but could not be read: an errno name
 *                                    (EACCES, EISDIR, EIO ...) or `unreadable` when
 *                                    the reader could not tell why
 *   @ dir <count> <path>           a directory listing: <count> lines `|<name>`
 *                                    follow, names sorted in byte order, hidden
 *                                    names (leading `.`) left out
 *   #END <frames>                  last line: the number of `@` frames written
 *
 * Paths are logical: `/sys/...` below SYSFS_ROOT, `/etc/...` and `/run/...`
 * below ETC_ROOT, whatever the real roots were. A path that does not start with
 * `/` is relative to the last `>` line. The path is the rest of the header line,
 * so it may contain spaces. <bytes> is the byte length of the content as framed
 * (sum over lines of UTF-8 length + 1): a frame with fewer bytes than declared
 * was truncated. Anything else on a line of its own is garbage: the reader
 * warns and skips to the next header.
 *
 * This module holds the writer used by the in-process dumper and the tokenizer
 * used by the parser; both sides of the format live here so they cannot drift.
 */

export const DUMP_MAGIC = '#APDUMP 1';
export const DUMP_END = '#END';

/** What the dump says about one path. */
export type DumpEntry =
  { kind: 'file'; text: string } | { kind: 'missing' } | { kind: 'error'; reason: string } | { kind: 'dir'; entries: string[] };

export interface DumpWarning {
  file: string;
  reason: string;
}

/** Entries by directory, then by name: lookups of `<queue dir>/config` need no string building. */
export class DumpEntries {
  private readonly byDir = new Map<string, Map<string, DumpEntry>>();
  private count = 0;

  set(dir: string, name: string, e: DumpEntry): void {
    let m = this.byDir.get(dir);
    if (!m) this.byDir.set(dir, (m = new Map()));
    if (!m.has(name)) this.count++;
    m.set(name, e);
  }

  getIn(dir: string, name: string): DumpEntry | undefined {
    return this.byDir.get(dir)?.get(name);
  }

  /** by full logical path */
  get(path: string): DumpEntry | undefined {
    const { dir, name } = splitDumpPath(path);
    return this.getIn(dir, name);
  }

  get size(): number {
    return this.count;
  }

  /** every full path, for tests and diagnostics */
  paths(): string[] {
    const out: string[] = [];
    for (const [dir, m] of this.byDir) for (const name of m.keys()) out.push(dir === '' ? name : `${dir}/${name}`);
    return out;
  }
}

export function splitDumpPath(path: string): { dir: string; name: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { dir: '', name: path } : { dir: path.slice(0, i), name: path.slice(i + 1) };
}

export interface TokenizedDump {
  entries: DumpEntries;
  /** the directories named by `>` lines, in order (queue and card directories) */
  dirs: string[];
  warnings: DumpWarning[];
  /** the #APDUMP header was present */
  headerSeen: boolean;
  /** the #END trailer was present */
  complete: boolean;
}

/** UTF-8 byte length of a string (no TextEncoder needed). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Splits file content into the lines the format carries (a final newline ends the last line). */
export function contentLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Builds a dump; used by dumpSysfs.ts (the shell script writes the same lines). */
export class DumpWriter {
  /** short ropes joined in chunks: one flat string at the end (a long rope makes every later scan slow) */
  private chunks: string[] = [];
  private out = DUMP_MAGIC + '\n';
  private frames = 0;

  private spill(): void {
    if (this.out.length > 65536) {
      this.chunks.push(this.out);
      this.out = '';
    }
  }

  cd(dir: string): void {
    this.spill();
    this.out += `> ${dir}\n`;
  }

  file(path: string, text: string): void {
    this.spill();
    this.frames++;
    const nl = text.indexOf('\n');
    if (nl >= 0 && nl === text.length - 1 && !NON_ASCII.test(text)) {
      this.out += `@ ok ${text.length} ${path}\n|${text}`; // one ASCII line, the common sysfs case
      return;
    }
    const lines = contentLines(text);
    let bytes = 0;
    let body = '';
    for (const l of lines) {
      bytes += utf8Length(l) + 1;
      body += '|' + l + '\n';
    }
    this.out += `@ ok ${bytes} ${path}\n` + body;
  }

  missing(path: string): void {
    this.out += `@ missing ${path}\n`;
    this.frames++;
  }

  error(path: string, reason: string): void {
    this.out += `@ error ${reason.replace(/\s+/g, '_') || 'unreadable'} ${path}\n`;
    this.frames++;
  }

  dir(path: string, names: string[]): void {
    let body = '';
    for (const n of names) body += '|' + n + '\n';
    this.out += `@ dir ${names.length} ${path}\n` + body;
    this.frames++;
  }

  finish(): string {
    this.chunks.push(this.out, `${DUMP_END} ${this.frames}\n`);
    this.out = '';
    return this.chunks.join('');
  }
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
const NON_ASCII = /[^\x00-\x7f]/;

/** Joins a `>` directory and a header path. */
export function resolveDumpPath(dir: string, path: string): string {
  if (path.startsWith('/')) return path;
  return dir ? `${dir}/${path}` : path;
}

interface OpenFrame {
  dir: string;
  name: string;
  kind: 'file' | 'dir';
  declared: number;
  lines: string[];
  bytes: number;
}

const HEADER = /^@ (ok|missing|error|dir) (.*)$/s; // s: a path may hold \r or \u2028

/**
 * Splits a dump into entries. Never throws: a malformed header, a stray line or
 * a cut stream becomes a warning and the frames around it are kept.
 */
export function tokenizeDump(text: string): TokenizedDump {
  const entries = new DumpEntries();
  const dirs: string[] = [];
  const warnings: DumpWarning[] = [];
  let headerSeen = false;
  let complete = false;
  let cwd = '';
  let open: OpenFrame | null = null;
  let garbageStart = -1;
  let garbageCount = 0;
  let lineNo = 0;

  const flushGarbage = () => {
    if (garbageCount > 0) {
      warnings.push({
        file: `dump line ${garbageStart}`,
        reason: `${garbageCount} line${garbageCount === 1 ? '' : 's'} of unexpected text skipped`
      });
      garbageCount = 0;
    }
  };
  const garbage = () => {
    if (garbageCount === 0) garbageStart = lineNo;
    garbageCount++;
  };
  const full = (f: OpenFrame) => (f.dir === '' ? f.name : `${f.dir}/${f.name}`);

  const close = (why: string) => {
    const f = open;
    open = null;
    if (!f) return;
    if (f.kind === 'dir') {
      if (f.lines.length < f.declared) {
        warnings.push({ file: full(f), reason: `directory listing cut short: ${f.lines.length} of ${f.declared} names${why}` });
        entries.set(f.dir, f.name, { kind: 'error', reason: 'truncated' });
      } else entries.set(f.dir, f.name, { kind: 'dir', entries: f.lines });
      return;
    }
    let bytes = f.bytes; // JS length; equals the UTF-8 length for ASCII
    if (bytes !== f.declared) bytes = f.lines.reduce((n, l) => n + utf8Length(l) + 1, 0);
    if (bytes < f.declared) {
      warnings.push({ file: full(f), reason: `content cut short: ${bytes} of ${f.declared} bytes${why}` });
      entries.set(f.dir, f.name, { kind: 'error', reason: 'truncated' });
      return;
    }
    if (bytes > f.declared) {
      warnings.push({ file: full(f), reason: `content is ${bytes} bytes, ${f.declared} declared (binary or mangled content)` });
    }
    const t = f.lines.length === 1 ? f.lines[0] + '\n' : f.lines.length ? f.lines.join('\n') + '\n' : '';
    entries.set(f.dir, f.name, { kind: 'file', text: t });
  };
  const place = (p: string): { dir: string; name: string } => (p.charCodeAt(0) === 47 ? splitDumpPath(p) : { dir: cwd, name: p });

  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    const lastPartial = end < 0;
    if (lastPartial) end = n;
    const c = text.charCodeAt(pos);
    lineNo++;

    if (c === 124 /* | */) {
      // a cut last line cannot complete a listing (a name may be cut); file frames are checked by length
      if (open && (open.kind === 'file' || (open.lines.length < open.declared && !lastPartial))) {
        const l = text.slice(pos + 1, end);
        open.lines.push(l);
        open.bytes += l.length + 1;
      } else garbage();
      pos = end + 1;
      continue;
    }
    const line = text.slice(pos, end);
    pos = end + 1;
    if (c === 64 /* @ */) {
      const m = HEADER.exec(line);
      let entry: DumpEntry | null = null;
      let frame: OpenFrame | null = null;
      let where: { dir: string; name: string } | null = null;
      if (m && !lastPartial) {
        const status = m[1];
        const rest = m[2];
        if (status === 'missing') {
          if (rest) {
            where = place(rest);
            entry = { kind: 'missing' };
          }
        } else {
          const sp = rest.indexOf(' ');
          const word = sp < 0 ? rest : rest.slice(0, sp);
          const p = sp < 0 ? '' : rest.slice(sp + 1);
          if (p) {
            where = place(p);
            if (status === 'error') entry = { kind: 'error', reason: word };
            else if (/^\d{1,12}$/.test(word)) {
              frame = {
                dir: where.dir,
                name: where.name,
                kind: status === 'dir' ? 'dir' : 'file',
                declared: Number(word),
                lines: [],
                bytes: 0
              };
            }
          }
        }
      }
      if (!where || (!entry && !frame)) {
        close(lastPartial ? ' (the dump ends here)' : ' (a malformed header follows)');
        garbage();
        continue;
      }
      close('');
      flushGarbage();
      if (entry) entries.set(where.dir, where.name, entry);
      else open = frame;
      continue;
    }
    if (c === 62 /* > */ && line.startsWith('> ') && !lastPartial) {
      close('');
      flushGarbage();
      cwd = line.slice(2);
      dirs.push(cwd);
      continue;
    }
    if (line.startsWith(DUMP_MAGIC) && !lastPartial) {
      close('');
      flushGarbage();
      if (headerSeen) warnings.push({ file: `dump line ${lineNo}`, reason: 'a second dump header: two dumps were joined' });
      headerSeen = true;
      continue;
    }
    if (line.startsWith(DUMP_END) && !lastPartial) {
      close('');
      flushGarbage();
      complete = true;
      continue;
    }
    close(lastPartial ? ' (the dump ends here)' : ' (unexpected text follows)');
    garbage();
  }
  const cutOpen = open !== null;
  close(complete ? '' : ' (the dump ends here)');
  flushGarbage();
  if (!headerSeen) warnings.unshift({ file: 'dump', reason: `no "${DUMP_MAGIC}" header: this is not an AP Matrix host dump` });
  else if (!complete) {
    warnings.push({
      file: 'dump',
      reason: `the dump ends early (no "${DUMP_END}" line): it was cut${cutOpen ? ' inside a file' : ''}, so later files are missing`
    });
  }
  return { entries, dirs, warnings, headerSeen, complete };
}
