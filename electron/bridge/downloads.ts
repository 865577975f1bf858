/**
 * saveFile for the browser mode. The page may only choose a file NAME: the
 * folder is fixed by the server (~/Downloads/apmatrix when ~/Downloads exists,
 * else a folder under the system temp dir), the name is reduced to a safe
 * basename, and an existing file is never overwritten (a `-2`, `-3` suffix is
 * added). The page gets back the absolute path it was written to, and can
 * still offer the text as a browser download itself.
 */
import { existsSync } from 'node:fs';
import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

export const MAX_SAVE_BYTES = 4 * 1024 * 1024;

export function defaultDownloadsDir(): string {
  const downloads = path.join(homedir(), 'Downloads');
  return existsSync(downloads) ? path.join(downloads, 'apmatrix') : path.join(tmpdir(), 'apmatrix-downloads');
}

/** `../../etc/passwd` -> `passwd`; `a b?.sh` -> `a_b_.sh`; empty -> `apmatrix-export.txt`. */
export function safeFileName(suggested: string): string {
  const base = suggested.split(/[\\/]/).pop() ?? '';
  let name = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '');
  if (name.length > 120) {
    const ext = path.extname(name).slice(0, 16);
    name = name.slice(0, 120 - ext.length) + ext;
  }
  return name || 'apmatrix-export.txt';
}

/**
 * The folder must be a real directory (not a symlink) that only we can write:
 * the temp fallback is a predictable name in a shared /tmp, and another user who
 * made it first could swap an exported script before it is run as root.
 */
export async function checkPrivateDir(dir: string): Promise<void> {
  const st = await lstat(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory (a symlink?); the file was not saved.`);
  if (uid !== undefined && st.uid !== uid) throw new Error(`${dir} belongs to another user; the file was not saved.`);
  if ((st.mode & 0o022) !== 0) throw new Error(`${dir} is writable by other users; the file was not saved.`);
}

export function createDownloadsSaver(dir = defaultDownloadsDir()) {
  return async function saveFile(req: { suggestedName: string; text: string }): Promise<{ saved: boolean; path: string | null }> {
    if (Buffer.byteLength(req.text, 'utf8') > MAX_SAVE_BYTES) {
      throw new Error(`The file "${req.suggestedName}" is larger than ${MAX_SAVE_BYTES} bytes; it was not saved.`);
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await checkPrivateDir(dir);
    const name = safeFileName(req.suggestedName);
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    for (let n = 1; n < 1000; n++) {
      const file = path.join(dir, n === 1 ? name : `${stem}-${n}${ext}`);
      try {
        // 'wx': fail instead of overwriting, and never follow a planted symlink
        await writeFile(file, req.text, { flag: 'wx', mode: 0o600 });
        return { saved: true, path: file };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error(`Too many files named like "${name}" in ${dir}; the file was not saved.`);
  };
}
