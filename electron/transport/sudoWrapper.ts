/**
 * The remote command every SSH run uses: become root, then read the script
 * from stdin. Root runs `sh -s` directly; anyone else goes through `sudo -n`
 * (never a password prompt: there is no terminal, and we do not hold
 * passwords). The checks happen inside the same exec, so they cost no
 * extra round trip, and they fail with a marker we turn into a clear sentence.
 *
 * Wrapped in `sh -c '...'` so the login shell (bash, zsh, fish, csh) only has
 * to understand one quoted word.
 */
import { TransportError } from './types';

const INNER = [
  'if [ "$(id -u)" = 0 ]; then exec sh -s; fi',
  'if ! command -v sudo >/dev/null 2>&1; then echo "APMATRIX-NO-SUDO $(id -un)" >&2; exit 125; fi',
  'if ! sudo -n true >/dev/null 2>&1; then echo "APMATRIX-SUDO-DENIED $(id -un)" >&2; exit 125; fi',
  'exec sudo -n sh -s'
].join('; ');

export const ROOT_WRAPPER = `sh -c '${INNER}'`;

/** Turns a refused privilege escalation into a TransportError; null for an ordinary exit. */
export function classifyExit(code: number, stderr: string, label: string): TransportError | null {
  const noSudo = /APMATRIX-NO-SUDO (\S+)/.exec(stderr);
  if (code === 125 && noSudo) {
    return new TransportError(
      'permission',
      `${label}: user ${noSudo[1]} is not root and sudo is not installed there; connect as root or install sudo with a NOPASSWD rule`
    );
  }
  const denied = /APMATRIX-SUDO-DENIED (\S+)/.exec(stderr);
  if (code === 125 && denied) {
    return new TransportError(
      'permission',
      `${label}: user ${denied[1]} is not root and \`sudo -n\` refused (a password is required or the user may not use sudo); connect as root or give the user a NOPASSWD sudo rule`
    );
  }
  // sudo let `true` through but not `sh` (a rule restricted to some commands)
  // (the first stderr line may be the server's own, e.g. sshd's "Could not chdir to home
  // directory": the sentence quotes sudo's line)
  const refused = /^sudo: .*(password is required|not allowed to execute|a terminal is required|must have a tty).*$/m.exec(stderr);
  if (refused) {
    return new TransportError('permission', `${label}: sudo refused to run sh as root: ${refused[0].trim()}`);
  }
  return null;
}
