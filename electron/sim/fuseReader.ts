/**
 * The thread that reads /dev/fuse. It blocks in read(2) (a thread of its own,
 * so the event loop never does), answers the one request that needs no
 * model at once, and hands every other request to the event loop.
 *
 * The request it answers itself is IOCTL: awk, the dump's reader, asks
 * isatty() (TCGETS) of every file it opens, the kernel sends each such ioctl
 * to the server, and sysfs answers ENOTTY. Answered here, in the thread the
 * kernel just woke, a 65,536-queue host's 262,144 ioctls cost one wake-up
 * each instead of a trip through the event loop.
 *
 * The worker's code is plain JavaScript handed to `new Worker(..., { eval })`
 * so that the same text runs from source (tsx) and from the esbuild bundle.
 */
import { Worker } from 'node:worker_threads';

/** Runs inside the worker: workerData = { fd, bufferSize }. CommonJS, no imports of ours. */
const READER_SOURCE = String.raw`
const { readSync, writeSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { fd, bufferSize } = workerData;
const FUSE_IOCTL = 39;
const ENOTTY = 25;
const request = Buffer.alloc(bufferSize);
const reply = Buffer.alloc(16);
for (;;) {
  let n;
  try {
    n = readSync(fd, request, 0, request.length, null);
  } catch (e) {
    // EINTR/EAGAIN: try again; ENOENT: the request was interrupted before we read it
    if (e.code === 'EINTR' || e.code === 'EAGAIN' || e.code === 'ENOENT') continue;
    parentPort.postMessage({ ended: e.code === 'ENODEV' ? null : String(e.message) });
    break;
  }
  if (request.readUInt32LE(4) === FUSE_IOCTL) {
    reply.writeUInt32LE(16, 0);
    reply.writeInt32LE(-ENOTTY, 4);
    request.copy(reply, 8, 8, 16); // the request's unique id
    try { writeSync(fd, reply, 0, 16); } catch {}
    continue;
  }
  const copy = Uint8Array.prototype.slice.call(request, 0, n);
  parentPort.postMessage(copy, [copy.buffer]);
}
`;

export interface FuseReader {
  /** resolves when the kernel ended the connection (the mount is gone) */
  readonly ended: Promise<void>;
}

/**
 * Starts reading requests from the mount's descriptor; `onRequest` gets each
 * request (other than IOCTL) on the event loop, in the order the kernel sent them.
 */
export function startFuseReader(
  fd: number,
  bufferSize: number,
  onRequest: (request: Buffer) => void,
  log: (line: string) => void
): FuseReader {
  const worker = new Worker(READER_SOURCE, { eval: true, workerData: { fd, bufferSize } });
  const ended = new Promise<void>((resolve) => {
    worker.on('message', (m: Uint8Array | { ended: string | null }) => {
      if (m instanceof Uint8Array) return onRequest(Buffer.from(m.buffer, m.byteOffset, m.byteLength));
      if (m.ended) log(`apmatrix sim: reading /dev/fuse failed: ${m.ended}`);
      resolve();
    });
    worker.on('error', (e) => {
      log(`apmatrix sim: the /dev/fuse reader stopped: ${e.message}`);
      resolve();
    });
    worker.on('exit', () => resolve());
  });
  return { ended };
}
