/**
 * Waits until everything written to stdout and stderr has left the process.
 *
 * Node writes to a pipe asynchronously: `process.exit()` right after a large
 * `process.stdout.write()` drops whatever is still queued (a 13 MB snapshot
 * piped to `wc -c` arrived as 65,536 bytes). An empty write's callback runs
 * once every earlier write on that stream was handed to the OS, in order.
 */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    // a closed reader (`| head`) ends in EPIPE: nothing more can be delivered
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}

export async function drainStdio(): Promise<void> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
}
