/**
 * The order in which the SSH transport tries to authenticate, like ssh(1):
 * the agent (SSH_AUTH_SOCK), then each identity file (IdentityFile from the
 * config, or the default ~/.ssh/id_* files), unencrypted ones first, then
 * encrypted ones with a passphrase asked through the callback, then a
 * password when the server offers it and the callback gives one.
 * Passphrases and passwords are used for one attempt and not kept; the key
 * that worked is kept decrypted in memory for reconnects of this connection.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2';

export interface SecretPrompt {
  kind: 'passphrase' | 'password';
  /** the key file, or `user@host` for a password */
  what: string;
}

export type AskSecret = (prompt: SecretPrompt) => Promise<string | null>;

export // ssh2 is CommonJS: named imports are not visible to Node's ESM loader
const { utils } = ssh2;

export type ParsedKey = Exclude<ReturnType<typeof utils.parseKey>, Error | unknown[]>;

export interface AuthState {
  tried: string[];
  /** an encrypted key was skipped because no passphrase was given */
  skippedEncrypted: string | null;
  wrongPassphrase: string | null;
  /** the attempt in flight: becomes the remembered one when the server says yes */
  current: { kind: 'agent' } | { kind: 'key'; key: ParsedKey; file: string } | { kind: 'password' } | null;
}

export function defaultIdentityFiles(homeDir: string): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(homeDir, '.ssh', f));
}

function parseOne(data: Buffer, passphrase?: string): ParsedKey | Error {
  const k = utils.parseKey(data, passphrase);
  if (k instanceof Error) return k;
  return Array.isArray(k) ? (k[0] as ParsedKey) : (k as ParsedKey);
}

/**
 * Builds ssh2's authHandler. `remembered` (a key that worked before on this
 * connection) is tried first so a reconnect never needs the passphrase again.
 */
export function makeAuthHandler(opts: {
  username: string;
  hostLabel: string;
  agentSocket: string | null;
  identityFiles: string[];
  askSecret?: AskSecret;
  remembered: ParsedKey | null;
  state: AuthState;
}): AuthHandlerMiddleware {
  const { username, state } = opts;
  type Attempt = () => Promise<AnyAuthMethod | null>;
  const attempts: Attempt[] = [];
  if (opts.remembered) {
    const key = opts.remembered;
    attempts.push(async () => {
      state.current = { kind: 'key', key, file: 'remembered key' };
      return { type: 'publickey', username, key } as AnyAuthMethod;
    });
  }
  if (opts.agentSocket && existsSync(opts.agentSocket)) {
    const agent = opts.agentSocket;
    attempts.push(async () => {
      state.tried.push('ssh-agent');
      state.current = { kind: 'agent' };
      return { type: 'agent', username, agent } as AnyAuthMethod;
    });
  }
  const files = opts.identityFiles.filter((f) => existsSync(f));
  const encrypted: Array<{ file: string; data: Buffer }> = [];
  for (const file of files) {
    const data = readFileSync(file);
    const key = parseOne(data);
    if (key instanceof Error) {
      if (/passphrase|encrypted/i.test(key.message)) encrypted.push({ file, data });
      continue; // not a key we can use: ssh would skip it too
    }
    attempts.push(async () => {
      state.tried.push(file);
      state.current = { kind: 'key', key, file };
      return { type: 'publickey', username, key } as AnyAuthMethod;
    });
  }
  for (const { file, data } of encrypted) {
    attempts.push(async () => {
      const pass = opts.askSecret ? await opts.askSecret({ kind: 'passphrase', what: file }) : null;
      if (pass === null) {
        state.skippedEncrypted ??= file;
        return null;
      }
      const key = parseOne(data, pass);
      if (key instanceof Error) {
        state.wrongPassphrase = file;
        return null;
      }
      state.tried.push(file);
      state.current = { kind: 'key', key, file };
      return { type: 'publickey', username, key } as AnyAuthMethod;
    });
  }
  let index = 0;
  let passwordTried = false;
  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: NextAuthHandler) => {
    // ssh2 accepts `false` (stop) although its types do not say so
    const give = next as unknown as (n: AnyAuthMethod | false) => void;
    void (async () => {
      while (index < attempts.length) {
        const a = await attempts[index++]();
        if (a) return give(a);
      }
      if (!passwordTried && opts.askSecret && (methodsLeft ?? []).includes('password')) {
        passwordTried = true;
        const password = await opts.askSecret({ kind: 'password', what: `${username}@${opts.hostLabel}` });
        if (password !== null) {
          state.tried.push('password');
          state.current = { kind: 'password' };
          return give({ type: 'password', username, password });
        }
      }
      give(false);
    })();
  };
}
