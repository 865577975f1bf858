/**
 * Host-key checking against an OpenSSH `known_hosts` file, as sshd(8)
 * "SSH_KNOWN_HOSTS FILE FORMAT" describes it:
 * - `patterns keytype base64key [comment]`, patterns comma-separated with `*`,
 *   `?` and `!negation`; a non-22 port is written `[host]:port`;
 * - hashed entries `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`;
 * - markers `@revoked` (always refuse that key) and `@cert-authority` (ignored:
 *   we do not verify host certificates, so such a line proves nothing here).
 * The fingerprint users compare is OpenSSH's: `SHA256:` + unpadded base64.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { patternListMatch } from './sshConfig';

export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null;
  /** plain patterns, or null for a hashed entry */
  patterns: string[] | null;
  hashed: { salt: Buffer; hash: Buffer } | null;
  keyType: string;
  key: Buffer;
  line: number;
}

export type HostKeyStatus =
  | { status: 'known' }
  | { status: 'unknown' }
  | { status: 'changed'; knownFingerprint: string; line: number }
  | { status: 'revoked'; line: number };

export function fingerprintOf(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type named inside a public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return '';
  const n = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + n).toString('latin1');
}

/** The name known_hosts stores for a host and port. */
export function knownHostName(host: string, port: number): string {
  const h = host.toLowerCase(); // OpenSSH lowercases before matching and hashing
  return port === 22 ? h : `[${h}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (!t || t.startsWith('#')) return;
    const f = t.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (f[0] === '@revoked' || f[0] === '@cert-authority') {
      marker = f[0] === '@revoked' ? 'revoked' : 'cert-authority';
      f.shift();
    }
    if (f.length < 3) return;
    const [hosts, keyType, b64] = f;
    const key = Buffer.from(b64, 'base64');
    if (!key.length) return;
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      if (!salt || !hash) return;
      out.push({
        marker,
        patterns: null,
        hashed: { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') },
        keyType,
        key,
        line: i + 1
      });
    } else {
      out.push({ marker, patterns: hosts.split(','), hashed: null, keyType, key, line: i + 1 });
    }
  });
  return out;
}

export function entryMatches(e: KnownHostEntry, name: string): boolean {
  if (e.hashed) {
    const h = createHmac('sha1', e.hashed.salt).update(name).digest();
    return h.length === e.hashed.hash.length && h.equals(e.hashed.hash);
  }
  return patternListMatch(e.patterns ?? [], name);
}

/**
 * Decides what the presented key means for `name` (already in `[host]:port` form when needed).
 * A presented key that is not on record for a host that has keys on record is "changed".
 */
export function checkHostKey(entries: KnownHostEntry[], name: string, keyBlob: Buffer): HostKeyStatus {
  const mine = entries.filter((e) => e.marker !== 'cert-authority' && entryMatches(e, name));
  const revoked = mine.find((e) => e.marker === 'revoked' && e.key.equals(keyBlob));
  if (revoked) return { status: 'revoked', line: revoked.line };
  // a revoked key listed for any host is refused, as OpenSSH does
  const revokedAnywhere = entries.find((e) => e.marker === 'revoked' && e.key.equals(keyBlob));
  if (revokedAnywhere) return { status: 'revoked', line: revokedAnywhere.line };
  const plain = mine.filter((e) => e.marker === null);
  if (plain.some((e) => e.key.equals(keyBlob))) return { status: 'known' };
  // Any other key on record means "changed", whatever its type: a man in the middle
  // would otherwise offer a key type we hold nothing for and get the milder
  // "unknown" prompt (OpenSSH warns in that case too). Same type first for the message.
  const type = keyTypeOf(keyBlob);
  const other = plain.find((e) => e.keyType === type) ?? plain[0];
  if (other) return { status: 'changed', knownFingerprint: fingerprintOf(other.key), line: other.line };
  return { status: 'unknown' };
}

/** Key types known_hosts holds for `name`, to ask the server for one of those first (as ssh does). */
export function knownKeyTypes(entries: KnownHostEntry[], name: string): string[] {
  return [...new Set(entries.filter((e) => e.marker === null && entryMatches(e, name)).map((e) => e.keyType))];
}

export function loadKnownHosts(path: string): KnownHostEntry[] {
  return existsSync(path) ? parseKnownHosts(readFileSync(path, 'utf8')) : [];
}

/** Appends an accepted key, hashed like `HashKnownHosts yes` so the file does not list host names. */
export function addKnownHost(path: string, name: string, keyBlob: Buffer): void {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(name).digest();
  const line = `|1|${salt.toString('base64')}|${hash.toString('base64')} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const prefix = existsSync(path) && !/\n$|^$/.test(readFileSync(path, 'utf8')) ? '\n' : '';
  appendFileSync(path, prefix + line, { mode: 0o600 });
}
