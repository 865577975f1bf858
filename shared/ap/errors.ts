/**
 * Errors are values with a code, the input that caused them and a sentence a
 * person understands. Kernel errnos keep their names (EINVAL, EADDRINUSE ...).
 */
export type Errno =
  | 'EINVAL'
  | 'ERANGE'
  | 'ENODEV'
  | 'EADDRNOTAVAIL'
  | 'EADDRINUSE'
  | 'EBUSY'
  | 'EEXIST'
  | 'EUSERS'
  | 'EPERM'
  | 'EACCES'
  | 'ENOENT'
  | 'ENOTDIR'
  | 'EISDIR';

/** glibc strerror texts, as bash prints them after `echo: write error: `. */
export const STRERROR: Record<Errno, string> = {
  EINVAL: 'Invalid argument',
  ERANGE: 'Numerical result out of range',
  ENODEV: 'No such device',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EADDRINUSE: 'Address already in use',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  EUSERS: 'Too many users',
  EPERM: 'Operation not permitted',
  EACCES: 'Permission denied',
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory'
};

/** Linux errno numbers (asm-generic), used by the FUSE mount. */
export const ERRNO_NUMBER: Record<Errno, number> = {
  EPERM: 1,
  ENOENT: 2,
  EACCES: 13,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ERANGE: 34,
  EUSERS: 87,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99
};

/** An error the kernel (or a kernel grammar) would answer. */
export class KernelError extends Error {
  readonly code: Errno;
  /** the sysfs path or grammar the input was given to */
  readonly path: string;
  /** the input that was refused */
  readonly input: string;
  constructor(code: Errno, path: string, input: string, reason: string) {
    super(`${path}: ${STRERROR[code]} (${code}): ${reason}`);
    this.name = 'KernelError';
    this.code = code;
    this.path = path;
    this.input = input;
  }
}

export function isKernelError(e: unknown): e is KernelError {
  return e instanceof KernelError;
}
