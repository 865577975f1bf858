/**
 * Checks made before mounting, each turning a known failure into one line
 * that says what is wrong and how to fix it.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { canMountDirectly } from './fuseDevice';
import { SimError } from './simError';

export class PreflightError extends SimError {
  override name = 'PreflightError';
}

/** The command that detaches a (stale) mount: root has umount(8); others need FUSE's setuid fusermount. */
export function unmountHint(dir: string): string {
  return canMountDirectly() ? `umount -l ${dir}` : `fusermount -uz ${dir}`;
}

async function onPath(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    if (!dir) continue;
    try {
      await access(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      /* try the next PATH entry */
    }
  }
  return false;
}

/** /dev/fuse, and fusermount where libfuse mounts and unmounts (not root). */
export async function checkFuseAvailable(need: { fusermount: boolean }): Promise<void> {
  try {
    await access('/dev/fuse', constants.R_OK | constants.W_OK);
  } catch {
    throw new PreflightError(
      '/dev/fuse is missing or not accessible: load the module with `modprobe fuse` (in a container, start it with `--device /dev/fuse --cap-add SYS_ADMIN`)'
    );
  }
  if (need.fusermount && !(await onPath('fusermount'))) {
    throw new PreflightError('fusermount is missing: install FUSE with `apt-get install fuse libfuse2`');
  }
}

/** DIR must be an existing, empty directory that is not already a mount point. */
export async function checkMountDir(dir: string): Promise<void> {
  let st;
  try {
    st = await stat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PreflightError(`${dir} does not exist: create it with \`mkdir -p ${dir}\``);
    if (code === 'ENOTCONN') {
      throw new PreflightError(`${dir} is a stale FUSE mount: clear it with \`${unmountHint(dir)}\``);
    }
    throw new PreflightError(`${dir} cannot be examined (${code ?? String(e)}): choose another directory`);
  }
  if (!st.isDirectory()) throw new PreflightError(`${dir} is not a directory: give an empty directory to mount on`);
  const parent = await stat(path.resolve(dir, '..'));
  if (parent.dev !== st.dev) {
    throw new PreflightError(`${dir} is busy (already a mount point): unmount it with \`${unmountHint(dir)}\` or choose another directory`);
  }
  if ((await readdir(dir)).length > 0) {
    throw new PreflightError(`${dir} is not empty: mount on an empty directory (e.g. \`mkdir -p /tmp/sys\`)`);
  }
}
