/**
 * Ansible inventories (INI or YAML) read into hosts with the connection
 * variables AP Matrix uses: ansible_host, ansible_user, ansible_port,
 * ansible_ssh_private_key_file, ansible_connection (and the old ansible_ssh_*
 * names), plus apmatrix_sysfs_root / apmatrix_etc_root. Variables merge as
 * Ansible does: `all` vars, then group vars from the outermost group in,
 * then host vars.
 */
import { parseYamlLite, YamlError, type YamlMap, type YamlValue } from './yamlLite';

export interface InventoryHost {
  name: string;
  /** every group the host is in, directly or through a parent group (without `all`) */
  groups: string[];
  vars: Record<string, string>;
}

export class InventoryError extends Error {
  override name = 'InventoryError';
  constructor(
    readonly file: string,
    reason: string
  ) {
    super(`${file}: ${reason}`);
  }
}

interface Group {
  hosts: Map<string, Record<string, string>>;
  vars: Record<string, string>;
  children: Set<string>;
}

class Builder {
  readonly groups = new Map<string, Group>();
  /** hosts in first-seen order */
  readonly order: string[] = [];

  group(name: string): Group {
    let g = this.groups.get(name);
    if (!g) this.groups.set(name, (g = { hosts: new Map(), vars: {}, children: new Set() }));
    return g;
  }

  addHost(group: string, host: string, vars: Record<string, string>): void {
    if (!this.order.includes(host)) this.order.push(host);
    const g = this.group(group);
    g.hosts.set(host, { ...(g.hosts.get(host) ?? {}), ...vars });
  }

  /** groups containing `host`, with their depth below `all` */
  private groupsOf(host: string): Map<string, number> {
    const parents = new Map<string, string[]>();
    for (const [name, g] of this.groups) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), name]);
    const depth = (name: string, seen = new Set<string>()): number => {
      if (name === 'all' || seen.has(name)) return 0;
      seen.add(name);
      const ps = parents.get(name) ?? [];
      return 1 + (ps.length ? Math.max(...ps.map((p) => depth(p, seen))) : 0);
    };
    const out = new Map<string, number>();
    const visit = (name: string) => {
      if (out.has(name)) return;
      out.set(name, depth(name));
      for (const p of parents.get(name) ?? []) visit(p);
    };
    for (const [name, g] of this.groups) if (g.hosts.has(host)) visit(name);
    return out;
  }

  hosts(): InventoryHost[] {
    return this.order.map((name) => {
      const groups = [...this.groupsOf(name)].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
      const vars: Record<string, string> = { ...(this.groups.get('all')?.vars ?? {}) };
      for (const [g] of groups) if (g !== 'all') Object.assign(vars, this.groups.get(g)!.vars);
      for (const [g] of groups) Object.assign(vars, this.groups.get(g)!.hosts.get(name) ?? {});
      return { name, groups: groups.map(([g]) => g).filter((g) => g !== 'all' && g !== 'ungrouped'), vars };
    });
  }
}

/** `kvm[01:03]` and `node[a:c]` host ranges, as Ansible expands them. */
export function expandHostPattern(p: string): string[] {
  const m = /^(.*)\[([0-9a-z]+):([0-9a-z]+)(?::(\d+))?\](.*)$/.exec(p);
  if (!m) return [p];
  const [, pre, from, to, stepText, post] = m;
  const step = stepText ? Number(stepText) : 1;
  const out: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const width = from.startsWith('0') ? from.length : 0;
    for (let i = Number(from); i <= Number(to) && out.length < 10_000; i += step)
      out.push(...expandHostPattern(`${pre}${String(i).padStart(width, '0')}${post}`));
  } else if (/^[a-z]$/.test(from) && /^[a-z]$/.test(to)) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c += step)
      out.push(...expandHostPattern(`${pre}${String.fromCharCode(c)}${post}`));
  } else return [p];
  return out;
}

/**
 * A host name as Ansible and SSH take it (name, IPv4, IPv6, after range
 * expansion). Anything else is refused without echoing it: an inventory path
 * can come from the page, and a file that is not an inventory (a password or
 * key file) must not travel back to it as host names or error text.
 */
const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:%@-]{0,254}$/;

function hostNames(pattern: string, file: string, where: string): string[] {
  const names = expandHostPattern(pattern);
  if (!names.every((h) => HOST_NAME.test(h)))
    throw new InventoryError(
      file,
      `${where}: not a host name (letters, digits and . _ - : @ only, not starting with . - : or @); is this an Ansible inventory?`
    );
  return names;
}

/** `a=1 b="two words" c='x'` (shlex-like, as Ansible splits INI host lines) */
function iniWords(line: string): string[] {
  const out: string[] = [];
  const re = /(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'[^']*')+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[0]);
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

function keyValue(word: string, file: string, n: number): [string, string] {
  const eq = word.indexOf('=');
  if (eq <= 0) throw new InventoryError(file, `line ${n}: expected key=value, got ${JSON.stringify(word)}`);
  return [word.slice(0, eq).trim(), unquote(word.slice(eq + 1).trim())];
}

export function parseIniInventory(text: string, file = 'inventory'): InventoryHost[] {
  const b = new Builder();
  b.group('all');
  let section = 'ungrouped';
  let kind: 'hosts' | 'vars' | 'children' = 'hosts';
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const sec = /^\[([^\]:]+)(?::(vars|children))?\]\s*$/.exec(line);
    if (sec) {
      section = sec[1].trim();
      kind = (sec[2] as 'vars' | 'children' | undefined) ?? 'hosts';
      b.group(section);
      if (section !== 'all') b.group('all').children.add(section);
      return;
    }
    if (line.startsWith('[')) throw new InventoryError(file, `line ${n}: cannot read the section header ${JSON.stringify(line)}`);
    const words = iniWords(line.replace(/\s+#.*$/, ''));
    if (kind === 'vars') {
      const [k, v] = keyValue(words.join(' '), file, n);
      b.group(section).vars[k] = v;
    } else if (kind === 'children') {
      b.group(words[0]);
      b.group(section).children.add(words[0]);
    } else {
      const vars = Object.fromEntries(words.slice(1).map((w) => keyValue(w, file, n)));
      for (const h of hostNames(words[0], file, `line ${n}`)) b.addHost(section, h, vars);
    }
  });
  return b.hosts();
}

function stringVars(v: YamlValue, where: string, file: string): Record<string, string> {
  if (v === null) return {};
  if (typeof v === 'string') throw new InventoryError(file, `${where} must be a mapping, not ${JSON.stringify(v)}`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x !== null && typeof x !== 'string') continue; // structured variables are not connection settings
    if (x !== null) out[k] = x;
  }
  return out;
}

export function parseYamlInventory(text: string, file = 'inventory'): InventoryHost[] {
  let doc: YamlMap;
  try {
    doc = parseYamlLite(text);
  } catch (e) {
    if (e instanceof YamlError) throw new InventoryError(file, e.message);
    throw e;
  }
  const b = new Builder();
  b.group('all');
  const walk = (name: string, body: YamlValue, path: string) => {
    const g = b.group(name);
    if (body === null) return;
    if (typeof body === 'string') throw new InventoryError(file, `group ${path} must be a mapping`);
    for (const [k, v] of Object.entries(body)) {
      if (k === 'hosts') {
        if (v !== null && typeof v === 'string') throw new InventoryError(file, `${path}.hosts must be a mapping of host names`);
        for (const [h, hv] of Object.entries(v ?? {}))
          for (const e of hostNames(h, file, `${path}.hosts`)) b.addHost(name, e, stringVars(hv, `host ${e}`, file));
      } else if (k === 'vars') Object.assign(g.vars, stringVars(v, `${path}.vars`, file));
      else if (k === 'children') {
        if (v !== null && typeof v === 'string') throw new InventoryError(file, `${path}.children must be a mapping of groups`);
        for (const [c, cv] of Object.entries(v ?? {})) {
          g.children.add(c);
          walk(c, cv, `${path}.children.${c}`);
        }
      } else throw new InventoryError(file, `${path}: unknown key ${JSON.stringify(k)} (a group has hosts, vars and children)`);
    }
  };
  for (const [name, body] of Object.entries(doc)) {
    if (name !== 'all') b.group('all').children.add(name);
    walk(name, body, name);
  }
  return b.hosts();
}

/** YAML when the file name says so or the text starts like a YAML mapping; INI otherwise. */
export function parseInventory(text: string, file: string): InventoryHost[] {
  const yaml =
    /\.ya?ml$/i.test(file) ||
    (/^\s*(---|[A-Za-z0-9_-]+:\s*$)/m.test(text.split(/\r?\n/).find((l) => l.trim() && !l.trim().startsWith('#')) ?? '') &&
      !/^\s*\[/.test(text));
  return yaml ? parseYamlInventory(text, file) : parseIniInventory(text, file);
}

/** Hosts of a group (or one host by name); `all` or undefined: every host. */
export function limitHosts(hosts: InventoryHost[], limit: string | undefined): InventoryHost[] {
  if (!limit || limit === 'all') return hosts;
  return hosts.filter((h) => h.name === limit || h.groups.includes(limit));
}
