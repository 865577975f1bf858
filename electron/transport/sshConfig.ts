/**
 * A small reader for OpenSSH client configuration (`~/.ssh/config`), enough
 * to resolve a host alias the way `ssh ALIAS` would: HostName, User, Port,
 * IdentityFile, ProxyJump. Rules kept from ssh_config(5):
 * - the FIRST value obtained for a keyword wins (IdentityFile accumulates);
 * - `Host` takes space-separated patterns with `*`, `?` and `!negation`;
 * - `keyword value` and `keyword=value` are both accepted, keywords in any case;
 * - `Include` is followed (relative paths are under ~/.ssh), `Match` blocks are
 *   skipped (we cannot evaluate them honestly, so we do not pretend to).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export interface SshHostConfig {
  /** what the user typed */
  alias: string;
  hostName: string;
  user: string | null;
  port: number | null;
  identityFiles: string[];
  /** jump hosts in order (`ProxyJump a,b`), each `[user@]host[:port]`; empty when none */
  proxyJump: string[];
}

interface Block {
  patterns: string[] | null; // null = Match block (never applies)
  options: Array<[string, string]>;
}

/** `*` and `?` glob match over the whole string, case-insensitive as OpenSSH does for hosts. */
export function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
    'i'
  );
  return re.test(text);
}

/** A comma- or space-separated pattern list with negations: any negated match rejects. */
export function patternListMatch(patterns: string[], name: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

/** Splits one config line into keyword and argument (quotes removed). */
function splitLine(line: string): [string, string] | null {
  const t = line.trim();
  if (!t || t.startsWith('#')) return null;
  const m = /^([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(t);
  if (!m) return null;
  return [m[1].toLowerCase(), m[2].trim()];
}

/** Arguments separated by spaces, double quotes group. */
function words(arg: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(arg))) out.push(m[1] ?? m[2]);
  return out;
}

export function parseSshConfig(text: string, opts: { includeBase?: string; depth?: number } = {}): Block[] {
  const blocks: Block[] = [{ patterns: ['*'], options: [] }];
  let cur = blocks[0];
  for (const line of text.split(/\r?\n/)) {
    const kv = splitLine(line);
    if (!kv) continue;
    const [key, arg] = kv;
    if (key === 'host') {
      cur = { patterns: words(arg), options: [] };
      blocks.push(cur);
    } else if (key === 'match') {
      cur = { patterns: null, options: [] };
      blocks.push(cur);
    } else if (key === 'include' && (opts.depth ?? 0) < 8 && opts.includeBase) {
      // an Include inside a Host block belongs to it: keep it simple and append its blocks
      for (const w of words(arg)) {
        const path = isAbsolute(w) ? w : join(opts.includeBase, w);
        if (!existsSync(path)) continue;
        const sub = parseSshConfig(readFileSync(path, 'utf8'), { includeBase: opts.includeBase, depth: (opts.depth ?? 0) + 1 });
        // the first (implicit `Host *`) block of the included file continues the current block
        cur.options.push(...sub[0].options);
        blocks.push(...sub.slice(1));
        if (sub.length > 1) cur = sub[sub.length - 1];
      }
    } else {
      cur.options.push([key, arg]);
    }
  }
  return blocks;
}

export interface ResolveContext {
  homeDir: string;
  localUser: string;
}

function expandTokens(value: string, ctx: ResolveContext, host: string, user: string | null): string {
  let v = value.startsWith('~/') ? join(ctx.homeDir, value.slice(2)) : value;
  v = v.replace(/%([%dhru])/g, (_, c: string) =>
    c === '%' ? '%' : c === 'd' ? ctx.homeDir : c === 'h' ? host : c === 'r' ? (user ?? ctx.localUser) : ctx.localUser
  );
  return v;
}

/** Resolves `alias` against the parsed blocks like `ssh -G alias` would (the options we use). */
export function resolveHost(blocks: Block[], alias: string, ctx: ResolveContext): SshHostConfig {
  const got = new Map<string, string>();
  const identityFiles: string[] = [];
  for (const b of blocks) {
    if (!b.patterns || !patternListMatch(b.patterns, alias)) continue;
    for (const [k, v] of b.options) {
      if (k === 'identityfile') identityFiles.push(words(v)[0] ?? v);
      else if (!got.has(k)) got.set(k, v);
    }
  }
  const user = got.get('user') ?? null;
  const hostName = got.has('hostname') ? expandTokens(got.get('hostname')!, ctx, alias, user) : alias;
  const portText = got.get('port');
  const port = portText && /^\d+$/.test(portText) ? Number(portText) : null;
  const jump = got.get('proxyjump');
  return {
    alias,
    hostName,
    user,
    port,
    identityFiles: identityFiles.map((f) => expandTokens(f, ctx, hostName, user)),
    proxyJump:
      !jump || jump.toLowerCase() === 'none'
        ? []
        : jump
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
  };
}

/** Host aliases a user can pick: every `Host` pattern without wildcards or negation. */
export function listHostAliases(blocks: Block[]): string[] {
  const seen = new Set<string>();
  for (const b of blocks.slice(1)) {
    for (const p of b.patterns ?? []) if (!/[*?!]/.test(p)) seen.add(p);
  }
  return [...seen];
}

/** `[user@]host[:port]` of a ProxyJump element. */
export function parseJumpSpec(spec: string): { user: string | null; host: string; port: number | null } {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.trim());
  if (!m) return { user: null, host: spec.trim(), port: null };
  return { user: m[1] ?? null, host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : null };
}

/** Reads the config file if it exists (a missing file is an empty config, as for ssh). */
export function loadSshConfig(path: string): Block[] {
  if (!existsSync(path)) return parseSshConfig('');
  return parseSshConfig(readFileSync(path, 'utf8'), { includeBase: dirname(path) });
}
