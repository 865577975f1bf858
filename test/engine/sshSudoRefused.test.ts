/**
 * A login user whose sudo rule allows only `true` (issue 8 point 10): the real
 * sshd with a real sudo (rules in a private mount namespace, never the
 * machine's /etc), a throwaway user whose home does not exist, so sshd's own
 * "Could not chdir to home directory" line comes first on stderr. The user is
 * told that sudo refused, not shown that line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createSshTransport } from '../../electron/transport/ssh';
import { TransportError } from '../../electron/transport/types';
import { addThrowawayUser, startSshd, type SshdHandle } from '../helpers/sshd';

const canRun = process.getuid?.() === 0 && existsSync('/usr/bin/sudo') && existsSync('/usr/bin/unshare');
let sshd: SshdHandle;
let user: { name: string; remove(): Promise<void> } | null = null;

describe.skipIf(!canRun)('ssh: sudo that allows only `true`', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    user = await addThrowawayUser('apsu');
    sshd = await startSshd({ sudoRules: [`${user.name} ALL=(root) NOPASSWD: /usr/bin/true, /bin/true`] });
    sshd.authorize(user.name);
    sshd.addHost('limited', { user: user.name });
  });
  afterAll(async () => {
    await sshd?.stop();
    await user?.remove();
  });

  it("says sudo refused to run sh, with sudo's reason, not sshd's chdir line", async () => {
    const t = await createSshTransport({ host: 'limited', ...sshd.paths, agentSocket: null });
    try {
      const e = await t.run('echo hi\n').then(
        () => null,
        (err: unknown) => err
      );
      expect(e).toBeInstanceOf(TransportError);
      const err = e as TransportError;
      expect(err.code).toBe('permission');
      expect(err.message).toMatch(/^ssh:limited: sudo refused to run sh as root: sudo: /);
      expect(err.message).not.toMatch(/chdir/);
    } finally {
      await t.close();
    }
  });
});
