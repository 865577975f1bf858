/**
 * `apmatrix sim mount DIR [--scenario NAME] [--era 6.17|5.15] [--etc ETCDIR]` and
 * `apmatrix sim event DIR KIND ARGS...` (`reboot` boots the mount again from
 * the persistent files in ETCDIR, simEtc.ts).
 *
 * The mount prints exactly `mounted DIR` once DIR serves the model, stays in
 * the foreground and unmounts on SIGINT or SIGTERM. Every failure is one line
 * on stderr (`apmatrix sim: what is wrong: how to fix it`) and a non-zero
 * status: 2 for a usage error, 1 for anything else.
 */
import { realpath } from 'node:fs/promises';
import { sendEvent, socketPathFor, startControlServer, type ControlServer } from './controlChannel';
import { canMountDirectly } from './fuseDevice';
import { mountSysfs, type MountedSysfs } from './fuseMount';
import { loadFuse } from './fuseNative';
import { scenarioKernel, type KernelFactory } from './kernelSource';
import { serveModel } from './servedModel';
import { SimError } from './simError';
import { rebootFromEtc, seedEtcDir } from './simEtc';
import { checkFuseAvailable, checkMountDir, PreflightError, unmountHint } from './preflight';
import { parseMountArgs, type MountArgs } from './simArgs';
import { EVENT_USAGE, parseEvent, UsageError } from './simEvents';

const MOUNT_START_LIMIT_MS = 15_000;

export const SIM_USAGE = [
  'usage: apmatrix sim mount DIR [--scenario default|demo|legacy|full] [--era 6.17|5.15] [--etc ETCDIR]',
  `       apmatrix sim event DIR ${EVENT_USAGE.join(' | ')}`
].join('\n');

function fail(e: unknown): number {
  const known = e instanceof SimError;
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`apmatrix sim: ${known ? message : `unexpected error: ${message.split('\n')[0]}`}\n`);
  return e instanceof UsageError ? 2 : 1;
}

export async function runSimCli(args: string[], makeKernel: KernelFactory = scenarioKernel): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'mount') return await mountCommand(parseMountArgs(rest), makeKernel);
    if (sub === 'event') return await eventCommand(rest);
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
      process.stdout.write(SIM_USAGE + '\n');
      return sub === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown sim command ${JSON.stringify(sub)}: use \`apmatrix sim mount\` or \`apmatrix sim event\``);
  } catch (e) {
    return fail(e);
  }
}

async function eventCommand(args: string[]): Promise<number> {
  const [dir, kind, ...rest] = args;
  if (!dir) throw new UsageError(`missing DIR: ${SIM_USAGE.split('\n')[1].trim()}`);
  await sendEvent(dir, parseEvent(kind, rest));
  return 0;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PreflightError(message)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e))
    );
  });
}

/**
 * Resolves on the first SIGINT, SIGTERM or SIGHUP (or stdin EOF when asked).
 * Installed BEFORE the mount so that a signal sent the moment `mounted DIR`
 * appears is never met by the default action (death with a stale mount), and
 * kept installed so a second signal cannot interrupt the unmount.
 */
function stopRequested(exitOnStdinClose: boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = (): void => resolve();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, request);
    if (exitOnStdinClose) {
      process.stdin.on('end', request);
      process.stdin.on('error', request);
      process.stdin.resume();
    }
  });
}

async function mountCommand(opts: MountArgs, makeKernel: KernelFactory): Promise<number> {
  // everything that can be refused is checked before anything is mounted
  // root mounts over /dev/fuse itself (fuseDevice.ts); everyone else needs fusermount and fuse-native
  const direct = canMountDirectly();
  await checkFuseAvailable({ fusermount: !direct });
  if (!direct) loadFuse();
  await checkMountDir(opts.dir);
  const kernel = await makeKernel(opts.scenario, opts.era);
  if (opts.etcDir !== undefined) seedEtcDir(opts.etcDir, kernel.etcFiles ?? {});
  const model = serveModel(kernel);
  // a reboot comes up from the persistent files (simEtc.ts); as a change of the
  // served model it drops every remembered answer, like a write or an event
  const reboot = (): void => {
    const state = kernel.state;
    if (!state) throw new SimError('this model cannot be rebooted');
    model.mutate(() => rebootFromEtc(state, opts.etcDir, (line) => process.stderr.write(`apmatrix sim: ${line}\n`)));
  };
  const socketPath = socketPathFor(await realpath(opts.dir));
  const stop = stopRequested(opts.exitOnStdinClose);

  let control: ControlServer | undefined;
  let mounted: MountedSysfs;
  try {
    control = await startControlServer(socketPath, async (event) => {
      try {
        if (event.kind === 'reboot') reboot();
        else model.event(event);
      } finally {
        await model.settle(); // answered once the mount shows it
      }
    });
    mounted = await withTimeout(
      mountSysfs(opts.dir, model),
      MOUNT_START_LIMIT_MS,
      `FUSE did not start serving ${opts.dir}: check \`ls -l /dev/fuse\` and that no other process mounts it`
    );
  } catch (e) {
    await control?.close();
    if (e instanceof PreflightError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new PreflightError(
      `mounting ${opts.dir} failed (${msg.split('\n')[0]}): check it is an empty directory you may mount on, and that /dev/fuse works`
    );
  }

  process.stdout.write(`mounted ${opts.dir}\n`);
  await stop;
  try {
    await Promise.all([mounted.unmount(), control.close()]);
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    process.stderr.write(`apmatrix sim: unmounting ${opts.dir} failed (${msg}): run \`${unmountHint(opts.dir)}\`\n`);
    return 1;
  }
}
