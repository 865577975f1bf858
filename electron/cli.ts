/**
 * The `apmatrix` command line: a small table from subcommand to the module
 * that runs it. Each command is loaded only when used, so `apmatrix sim`
 * never pulls in the engine and vice versa.
 *
 * A command is `(args) => Promise<exit status>`; it prints its own one-line
 * errors. Add a command by adding a row to COMMANDS.
 */
import { escapeControls, quoteInput } from '../shared/api/printable';
export { drainStdio } from './stdioDrain';

export type CliCommand = (args: string[]) => Promise<number>;

interface CommandEntry {
  usage: string;
  load(): Promise<CliCommand>;
}

// ---- engine commands -------------------------------------------------------
// `snapshot`, `audit`, `plan` and `apply` are provided by
// electron/engine/cliCommands.ts (`runEngineCommand(name, args)`), imported
// with a plain specifier so that the CLI bundle (bin/nodeBundle.mjs) puts the
// engine in its own chunk, loaded only by these commands.
function engineCommand(name: string, usage: string): CommandEntry {
  return {
    usage,
    async load() {
      const mod = await import('./engine/cliCommands');
      return (args) => mod.runEngineCommand(name, args);
    }
  };
}
// ---------------------------------------------------------------------------

export const COMMANDS: Record<string, CommandEntry> = {
  sim: {
    usage: 'sim mount DIR [--scenario NAME] [--era 6.17|5.15] | sim event DIR KIND ARGS...',
    load: async () => (await import('./sim/simCli')).runSimCli as CliCommand
  },
  snapshot: engineCommand('snapshot', 'snapshot [--text] TARGET'),
  audit: engineCommand('audit', 'audit [--json] TARGET'),
  plan: engineCommand('plan', 'plan validate|export FILE ... TARGET'),
  apply: engineCommand('apply', 'apply FILE [--yes] TARGET'),
  fleet: engineCommand('fleet', 'fleet snapshot|audit [--json] HOSTS | fleet export PLAN --format ansible HOSTS')
};

function usage(): string {
  return [
    'usage: apmatrix COMMAND ...',
    ...Object.values(COMMANDS).map((c) => `  apmatrix ${c.usage}`),
    'TARGET: --demo SCENARIO | --local ROOT | --ssh HOST; `apmatrix COMMAND --help` gives the details'
  ].join('\n');
}

/** Runs one command line; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    process.stderr.write(`apmatrix: unknown command ${quoteInput(name)}: use one of ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  try {
    return await (
      await entry.load()
    )(args);
  } catch (e) {
    // commands report their own errors; this is the last line of defence against stack traces
    process.stderr.write(
      `apmatrix ${name}: unexpected error: ${escapeControls((e instanceof Error ? e.message : String(e)).split('\n')[0])}\n`
    );
    return 1;
  }
}
