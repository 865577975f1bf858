/**
 * Test helper: writes a Sysfs (the kernel model) out as a real directory tree
 * (files, directories, relative symlinks) plus the ETC_ROOT files, so the dump
 * shell script can run against it with dash or bash without FUSE.
 */
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import type { Sysfs } from '../../shared/kernel/types';

export function materializeSysfs(fs: Sysfs, root: string, rel = ''): number {
  let count = 0;
  const dir = path.join(root, rel);
  mkdirSync(dir, { recursive: true });
  for (const name of fs.list(rel || '.')) {
    const p = rel ? `${rel}/${name}` : name;
    const st = fs.stat(p);
    if (st.kind === 'dir') count += materializeSysfs(fs, root, p);
    else if (st.kind === 'symlink') symlinkSync(st.target!, path.join(root, p));
    else {
      let text: string;
      try {
        text = fs.read(p);
      } catch {
        text = ''; // write-only attribute
      }
      writeFileSync(path.join(root, p), text, { mode: st.mode & 0o777 });
      count++;
    }
  }
  return count;
}

export function materializeFiles(files: Record<string, string>, root: string): void {
  for (const [k, v] of Object.entries(files)) {
    const p = path.join(root, k);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, v);
  }
  for (const d of ['etc/libvirt/qemu', 'run/libvirt/qemu', 'etc/mdevctl.d/matrix']) mkdirSync(path.join(root, d), { recursive: true });
}

export function makeUnreadable(p: string): void {
  chmodSync(p, 0o000);
}
