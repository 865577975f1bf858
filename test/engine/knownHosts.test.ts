/**
 * known_hosts handling checked against OpenSSH's own tools: ssh-keygen makes
 * the keys, prints the fingerprints (-l) and hashes the file (-H).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addKnownHost,
  checkHostKey,
  fingerprintOf,
  keyTypeOf,
  knownHostName,
  loadKnownHosts,
  parseKnownHosts
} from '../../electron/transport/knownHosts';
import { run } from '../helpers/simMount';

const dir = mkdtempSync(join(tmpdir(), 'apmx-kh-'));
const blobOf = (pubFile: string) => Buffer.from(readFileSync(pubFile, 'utf8').trim().split(/\s+/)[1], 'base64');
const lineOf = (pubFile: string) => readFileSync(pubFile, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');

async function keygen(name: string, type: string) {
  const f = join(dir, name);
  const r = await run('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', f]);
  expect(r.code).toBe(0);
  return f + '.pub';
}

describe('known_hosts', () => {
  let ed: string, ed2: string, ecdsa: string;
  beforeAll(async () => {
    [ed, ed2, ecdsa] = await Promise.all([keygen('a', 'ed25519'), keygen('b', 'ed25519'), keygen('c', 'ecdsa')]);
  });

  it('fingerprints equal ssh-keygen -l', async () => {
    for (const pub of [ed, ecdsa]) {
      const r = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub]);
      expect(fingerprintOf(blobOf(pub))).toBe(r.stdout.split(' ')[1]);
    }
    expect(keyTypeOf(blobOf(ed))).toBe('ssh-ed25519');
  });

  it('plain entries: known, changed (any other key on record), unknown (other host), port form, case', () => {
    const entries = parseKnownHosts(`lpar1,10.0.0.5 ${lineOf(ed)}\n[lpar2]:2222 ${lineOf(ecdsa)}\n`);
    expect(checkHostKey(entries, 'lpar1', blobOf(ed))).toEqual({ status: 'known' });
    expect(checkHostKey(entries, '10.0.0.5', blobOf(ed))).toEqual({ status: 'known' });
    const changed = checkHostKey(entries, 'lpar1', blobOf(ed2));
    expect(changed).toMatchObject({ status: 'changed', knownFingerprint: fingerprintOf(blobOf(ed)), line: 1 });
    expect(checkHostKey(entries, 'lpar3', blobOf(ed))).toEqual({ status: 'unknown' });
    expect(checkHostKey(entries, knownHostName('lpar2', 2222), blobOf(ecdsa))).toEqual({ status: 'known' });
    // port 22 is written without brackets
    expect(checkHostKey(entries, knownHostName('lpar2', 22), blobOf(ecdsa))).toEqual({ status: 'unknown' });
    // a host with only an ecdsa key on record presenting ed25519: changed (a MITM
    // offering another key type must not get the milder "unknown" prompt)
    expect(checkHostKey(entries, '[lpar2]:2222', blobOf(ed))).toMatchObject({
      status: 'changed',
      knownFingerprint: fingerprintOf(blobOf(ecdsa)),
      line: 2
    });
    // host names are matched lowercased, as OpenSSH writes them
    expect(checkHostKey(entries, knownHostName('LPAR2', 2222), blobOf(ecdsa))).toEqual({ status: 'known' });
  });

  it('hashed entries made by ssh-keygen -H match', async () => {
    const f = join(dir, 'kh_hashed');
    writeFileSync(f, `[127.0.0.1]:2022 ${lineOf(ed)}\nlpar9 ${lineOf(ecdsa)}\n`);
    const r = await run('ssh-keygen', ['-H', '-f', f]);
    expect(r.code).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain('lpar9');
    const entries = loadKnownHosts(f);
    expect(entries.every((e) => e.hashed)).toBe(true);
    expect(checkHostKey(entries, '[127.0.0.1]:2022', blobOf(ed))).toEqual({ status: 'known' });
    expect(checkHostKey(entries, 'lpar9', blobOf(ecdsa))).toEqual({ status: 'known' });
    expect(checkHostKey(entries, '[127.0.0.1]:2022', blobOf(ed2)).status).toBe('changed');
    expect(checkHostKey(entries, '127.0.0.1', blobOf(ed)).status).toBe('unknown');
  });

  it('wildcards, negation, @revoked and @cert-authority', () => {
    const entries = parseKnownHosts(`*.zlab,!evil.zlab ${lineOf(ed)}\n@revoked * ${lineOf(ed2)}\n@cert-authority * ${lineOf(ecdsa)}\n`);
    expect(checkHostKey(entries, 'a.zlab', blobOf(ed)).status).toBe('known');
    expect(checkHostKey(entries, 'evil.zlab', blobOf(ed)).status).toBe('unknown');
    expect(checkHostKey(entries, 'a.zlab', blobOf(ed2)).status).toBe('revoked');
    expect(checkHostKey(entries, 'x', blobOf(ecdsa)).status).toBe('unknown');
  });

  it('an accepted key is appended hashed and found again; ssh-keygen -F finds it too', async () => {
    const f = join(dir, 'kh_add');
    writeFileSync(f, `other ${lineOf(ecdsa)}`); // no final newline
    addKnownHost(f, '[10.1.1.1]:2200', blobOf(ed));
    expect(checkHostKey(loadKnownHosts(f), '[10.1.1.1]:2200', blobOf(ed)).status).toBe('known');
    expect(checkHostKey(loadKnownHosts(f), 'other', blobOf(ecdsa)).status).toBe('known');
    const r = await run('ssh-keygen', ['-F', '[10.1.1.1]:2200', '-f', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ssh-ed25519');
  });
});
