import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globMatch, listHostAliases, loadSshConfig, parseJumpSpec, parseSshConfig, resolveHost } from '../../electron/transport/sshConfig';

const ctx = { homeDir: '/home/me', localUser: 'me' };

const CONFIG = `
# comment
Host lpar1 lpar1.example
  HostName 10.0.0.5
  User root
  Port 2222
  IdentityFile ~/.ssh/id_lpar

Host lpar2
  HostName=lpar2.zlab.example
  ProxyJump admin@bastion:2200,gw

Host *.zlab.example !bad.zlab.example
  User zadmin

Match host lpar1
  User ignored

Host *
  User fallback
  IdentityFile ~/.ssh/id_%h
  Port 22
`;

describe('ssh config', () => {
  const blocks = parseSshConfig(CONFIG);

  it('takes the FIRST value of each keyword and accumulates IdentityFile', () => {
    const h = resolveHost(blocks, 'lpar1', ctx);
    expect(h).toEqual({
      alias: 'lpar1',
      hostName: '10.0.0.5',
      user: 'root',
      port: 2222,
      identityFiles: ['/home/me/.ssh/id_lpar', '/home/me/.ssh/id_10.0.0.5'],
      proxyJump: []
    });
  });

  it('reads key=value, ProxyJump lists, wildcard and negated patterns; skips Match blocks', () => {
    const h = resolveHost(blocks, 'lpar2', ctx);
    expect(h.hostName).toBe('lpar2.zlab.example');
    expect(h.user).toBe('fallback'); // lpar2 (the alias) does not match *.zlab.example
    expect(h.proxyJump).toEqual(['admin@bastion:2200', 'gw']);
    expect(resolveHost(blocks, 'x.zlab.example', ctx).user).toBe('zadmin');
    expect(resolveHost(blocks, 'bad.zlab.example', ctx).user).toBe('fallback');
  });

  it('an unknown host resolves to itself with the defaults of Host *', () => {
    const h = resolveHost(blocks, 'other', ctx);
    expect(h.hostName).toBe('other');
    expect(h.port).toBe(22);
  });

  it('lists only concrete aliases', () => {
    expect(listHostAliases(blocks)).toEqual(['lpar1', 'lpar1.example', 'lpar2']);
  });

  it('glob and jump specs', () => {
    expect(globMatch('lp?r*', 'LPAR1')).toBe(true);
    expect(globMatch('lp?r', 'lpar1')).toBe(false);
    expect(parseJumpSpec('u@h:22')).toEqual({ user: 'u', host: 'h', port: 22 });
    expect(parseJumpSpec('[::1]:2022')).toEqual({ user: null, host: '::1', port: 2022 });
    expect(parseJumpSpec('bastion')).toEqual({ user: null, host: 'bastion', port: null });
  });

  it('follows Include relative to the config directory; a missing file is an empty config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apmx-cfg-'));
    writeFileSync(join(dir, 'extra'), 'Host inc\n  HostName 192.0.2.9\n');
    writeFileSync(join(dir, 'config'), 'Include extra\nHost after\n  Port 7\n');
    const b = loadSshConfig(join(dir, 'config'));
    expect(resolveHost(b, 'inc', ctx).hostName).toBe('192.0.2.9');
    expect(resolveHost(b, 'after', ctx).port).toBe(7);
    expect(listHostAliases(loadSshConfig(join(dir, 'nope')))).toEqual([]);
  });
});
