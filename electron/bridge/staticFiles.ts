/**
 * Resolves a URL path to a file inside the renderer's build folder and
 * nothing else: no `..` escape, no dotfiles, no directory listings, no
 * symlink out of the folder. Shared by the bridge and Electron's app://.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_TYPES } from './csp';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  isHtml: boolean;
}

export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (rel.split('/').some((part) => part.startsWith('.'))) return null;
  const ext = path.extname(rel).toLowerCase();
  const contentType = CONTENT_TYPES[ext];
  if (!contentType) return null;
  try {
    const root = await realpath(rootDir);
    const file = await realpath(path.join(root, rel));
    if (!file.startsWith(root + path.sep)) return null;
    if (!(await stat(file)).isFile()) return null;
    return { body: await readFile(file), contentType, isHtml: ext === '.html' };
  } catch {
    return null;
  }
}
