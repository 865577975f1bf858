/**
 * The FUSE requests of the direct mount (electron/sim/fuseRequests.ts) as the
 * kernel sends them, answered from the demo model: the replies' layout, the
 * ENOSYS that lets a kernel open without asking (and the answers older kernels
 * get instead), permission refusals, listings, and a write answered only once
 * the kernel's names are forgotten.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, createKernel } from '../../shared/kernel';
import { createRequestHandler } from '../../electron/sim/fuseRequests';
import { serveModel } from '../../electron/sim/servedModel';
import * as W from '../../electron/sim/fuseWire';

const ENOSYS = 38;
const EACCES = 13;
const ENOENT = 2;

function server() {
  const model = serveModel(createKernel(buildScenario('demo').state));
  const replies: Buffer[] = [];
  let invalidated = 0;
  model.setInvalidator(async () => void invalidated++);
  const handler = createRequestHandler({
    model,
    maxWrite: 128 * 1024,
    log: () => {},
    send: (m, n) => void replies.push(Buffer.from(m.subarray(0, n)))
  });
  let unique = 1;
  const ask = (opcode: number, nodeId: number, body: Buffer = Buffer.alloc(0)): Buffer => {
    const req = Buffer.alloc(W.IN_HEADER_SIZE + body.length);
    req.writeUInt32LE(req.length, 0);
    req.writeUInt32LE(opcode, 4);
    req.writeUInt32LE(unique++, 8);
    req.writeUInt32LE(nodeId, 16);
    body.copy(req, W.IN_HEADER_SIZE);
    handler.handle(req);
    return replies[replies.length - 1];
  };
  const errorOf = (reply: Buffer) => Math.abs(reply.readInt32LE(4));
  const init = (flags: number) => {
    const body = Buffer.alloc(16);
    body.writeUInt32LE(7, 0);
    body.writeUInt32LE(41, 4);
    body.writeUInt32LE(flags, 12);
    return ask(W.Op.INIT, 0, body);
  };
  const lookup = (parent: number, name: string) => {
    const r = ask(W.Op.LOOKUP, parent, Buffer.from(name + '\0'));
    return errorOf(r) ? -errorOf(r) : r.readUInt32LE(16);
  };
  const walk = (path: string) => path.split('/').reduce((id, name) => lookup(id, name), 1);
  const u32 = (...values: number[]) => {
    const b = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => b.writeUInt32LE(v, i * 4));
    return b;
  };
  return { model, replies, ask, errorOf, init, lookup, walk, u32, invalidated: () => invalidated };
}

describe('requests of the direct mount', () => {
  it('INIT: protocol 7.31 at most, only the flags offered', () => {
    const s = server();
    const r = s.init(W.INIT_PARALLEL_DIROPS);
    expect([s.errorOf(r), r.readUInt32LE(16), r.readUInt32LE(20), r.readUInt32LE(28)]).toEqual([0, 7, 31, W.INIT_PARALLEL_DIROPS]);
  });

  it('OPEN: ENOSYS where the kernel can open without asking; answered with the permission check elsewhere', () => {
    const modern = server();
    modern.init(W.INIT_NO_OPEN_SUPPORT | W.INIT_NO_OPENDIR_SUPPORT);
    const apmask = modern.walk('bus/ap/apmask');
    expect(modern.errorOf(modern.ask(W.Op.OPEN, apmask, modern.u32(0, 0)))).toBe(ENOSYS);
    expect(modern.errorOf(modern.ask(W.Op.OPENDIR, modern.walk('bus/ap'), modern.u32(0, 0)))).toBe(ENOSYS);

    const old = server();
    old.init(0);
    const maxDomain = old.walk('bus/ap/ap_max_domain_id'); // 0444
    const open = old.ask(W.Op.OPEN, maxDomain, old.u32(0, 0));
    expect([old.errorOf(open), open.readUInt32LE(16 + 8)]).toEqual([0, W.FOPEN_KEEP_CACHE]);
    expect(old.errorOf(old.ask(W.Op.OPEN, maxDomain, old.u32(1, 0)))).toBe(EACCES);
    const dir = old.ask(W.Op.OPENDIR, old.walk('bus/ap'), old.u32(0, 0));
    expect(dir.readUInt32LE(16 + 8)).toBe(W.FOPEN_KEEP_CACHE | W.FOPEN_CACHE_DIR);
    expect(old.ask(W.Op.OPENDIR, 1, old.u32(0, 0)).readUInt32LE(16 + 8)).toBe(0); // the root outlives versions
  });

  it('LOOKUP of a missing name is ENOENT; READ gives the content; READDIR lists . and .. first', () => {
    const s = server();
    s.init(0);
    expect(s.lookup(1, 'nosuch')).toBe(-ENOENT);
    const apmask = s.walk('bus/ap/apmask');
    const read = s.ask(W.Op.READ, apmask, Buffer.concat([Buffer.alloc(16), s.u32(4096, 0)]));
    expect(read.subarray(16).toString()).toBe(s.model.read('bus/ap/apmask'));
    const list = s.ask(W.Op.READDIR, 1, Buffer.concat([Buffer.alloc(16), s.u32(4096, 0)]));
    const names: string[] = [];
    for (let at = 16; at < list.length; at += (24 + list.readUInt32LE(at + 16) + 7) & ~7)
      names.push(list.toString('utf8', at + 24, at + 24 + list.readUInt32LE(at + 16)));
    expect(names).toEqual(['.', '..', ...s.model.list('')]);
  });

  it('WRITE: one store, answered after the invalidation; a path gets a new node after it', async () => {
    const s = server();
    s.init(0);
    const apDomain = s.walk('bus/ap/ap_domain');
    const data = Buffer.from('5\n');
    const before = s.replies.length;
    s.ask(W.Op.WRITE, apDomain, Buffer.concat([Buffer.alloc(16), s.u32(data.length, 0), Buffer.alloc(16), data]));
    expect(s.replies.length).toBe(before); // not yet: the kernel's names are being forgotten
    await new Promise((r) => setTimeout(r, 0));
    const reply = s.replies[s.replies.length - 1];
    expect([s.errorOf(reply), reply.readUInt32LE(16), s.invalidated()]).toEqual([0, 2, 1]);
    expect(s.model.read('bus/ap/ap_domain')).toBe('5\n');
    expect(s.walk('bus/ap/ap_domain')).not.toBe(apDomain);
  });
});
