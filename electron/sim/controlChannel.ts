/**
 * The control channel of a mounted simulator: how `apmatrix sim event DIR ...`
 * reaches the process that serves DIR.
 *
 * - The mount process listens on a unix socket at
 *   `<os.tmpdir()>/apmatrix-sim-<first 16 hex of sha256(realpath(DIR))>.sock`
 *   (the realpath is taken before mounting, and by the client on the mounted
 *   directory, which resolves to the same path).
 * - A request is one line of JSON `{"event": KernelEvent}`; the answer is one
 *   line `{"ok": true}` or `{"ok": false, "error": "..."}`.
 * - The mount process removes the socket when it unmounts.
 */
import { createHash } from 'node:crypto';
import { realpath, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { SimEvent as KernelEvent } from './simEvents';
import { unmountHint } from './preflight';
import { SimError } from './simError';

export interface ControlReply {
  ok: boolean;
  error?: string;
}

export function socketPathFor(realDir: string): string {
  const hash = createHash('sha256').update(realDir).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `apmatrix-sim-${hash}.sock`);
}

export async function controlSocketPath(dir: string): Promise<string> {
  return socketPathFor(await realpath(dir));
}

export interface ControlServer {
  close(): Promise<void>;
}

/** Serves events for the mount; `apply` answers each event (throwing = refusal). */
export async function startControlServer(socketPath: string, apply: (event: KernelEvent) => void | Promise<void>): Promise<ControlServer> {
  // a socket file left by a killed mount would make listen fail with EADDRINUSE
  await rm(socketPath, { force: true });
  const server = net.createServer((conn) => {
    let buffered = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      void handle(buffered.slice(0, nl), apply).then((reply) => conn.end(JSON.stringify(reply) + '\n'));
    });
    conn.on('error', () => conn.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rm(socketPath, { force: true }).catch(() => undefined);
      })
  };
}

/** The reply is sent once `apply` settled: the event is then visible through the mount. */
async function handle(line: string, apply: (event: KernelEvent) => void | Promise<void>): Promise<ControlReply> {
  try {
    const request = JSON.parse(line) as { event?: KernelEvent };
    if (!request.event || typeof request.event.kind !== 'string') return { ok: false, error: 'request has no event' };
    await apply(request.event);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Sends one event to the mount of `dir`; rejects with a one-line reason. */
export async function sendEvent(dir: string, event: KernelEvent): Promise<void> {
  let socketPath: string;
  try {
    socketPath = await controlSocketPath(dir);
  } catch {
    throw new SimError(`${dir} does not exist; start a simulator with \`npx apmatrix sim mount ${dir}\``);
  }
  const reply = await new Promise<ControlReply>((resolve, reject) => {
    const conn = net.createConnection(socketPath);
    let text = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify({ event }) + '\n'));
    conn.on('data', (chunk: string) => (text += chunk));
    conn.on('end', () => {
      try {
        resolve(JSON.parse(text) as ControlReply);
      } catch {
        reject(new SimError(`the simulator at ${dir} gave an unreadable answer: ${JSON.stringify(text)}`));
      }
    });
    conn.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') {
        stat(dir).then(
          () => reject(new SimError(`no simulator is mounted at ${dir}; start one with \`npx apmatrix sim mount ${dir}\``)),
          (e: NodeJS.ErrnoException) =>
            reject(
              new SimError(
                e.code === 'ENOTCONN'
                  ? `${dir} is a stale mount (its simulator was killed): clear it with \`${unmountHint(dir)}\` and mount again`
                  : `no simulator is mounted at ${dir}; start one with \`npx apmatrix sim mount ${dir}\``
              )
            )
        );
      } else reject(new SimError(`cannot reach the simulator at ${dir}: ${err.message}`));
    });
  });
  if (!reply.ok) throw new SimError(`event refused: ${reply.error ?? 'no reason given'}`);
}
