/**
 * The runtime's commands (`start`, `status`, `fire`, `tail`, `redrive`, `replay`, `test-pattern`, `invoke`) and the small dispatcher
 * that runs them, for any CDK app. An app adds its own commands next to them and plugs its synthesis and seeding
 * into `start` through {@link StartHooks}.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { ...localCommands({ seed }), emit: { run: emit, help } });
 */
import type { SampleHook } from './commands/invoke.ts';
import { startCommand, startHelp, type StartHooks } from './commands/start.ts';
import { processIO, type CommandIO } from './io.ts';
import { UsageError } from './usage-error.ts';

export { localEndpoint, localClientConfig, jsonArgument, ENDPOINT_HELP } from './commands/local-endpoint.ts';
export { startCommand, type StartDependencies, type StartHooks } from './commands/start.ts';
export { invokeCommand, type SampleHook } from './commands/invoke.ts';
export { tailCommand, type TailDependencies } from './commands/tail.ts';
export { processIO, type CommandIO } from './io.ts';
export { UsageError } from './usage-error.ts';

/** One command: runs with its arguments and answers the process exit code (0 ok, 1 failed, 2 bad usage). */
export interface CliCommand {
  run: (argv: string[], io: CommandIO) => Promise<number>;
  /** Its `--help`; the first line is its synopsis in the command list. */
  help: string;
}

/**
 * A command, or how to load it: {@link runCli} loads only the command it runs (every one for the command list),
 * so `start` does not wait for the modules of the others (SDK clients, pattern matching) before its engines start.
 */
export type CliEntry = CliCommand | (() => Promise<CliCommand>);

const loadCommand = async (entry: CliEntry): Promise<CliCommand> => (typeof entry === 'function' ? entry() : entry);

/** What an app plugs into the runtime's commands: `start`'s synthesis and seeding, `invoke`'s sample events. */
export interface LocalHooks extends StartHooks {
  /** Makes the app's own events for `invoke --sample eventbridge:<DetailType>`. */
  sample?: SampleHook;
}

/** The runtime's commands, with the app's hooks. */
export function localCommands(hooks: LocalHooks = {}): Record<string, CliEntry> {
  return {
    start: { run: (argv, io) => startCommand(argv, io, hooks), help: startHelp(hooks) },
    'test-pattern': async () => {
      const { testPatternCommand, testPatternHelp } = await import('./commands/test-pattern.ts');
      return { run: testPatternCommand, help: testPatternHelp };
    },
    fire: async () => {
      const { fireCommand, fireHelp } = await import('./commands/fire.ts');
      return { run: fireCommand, help: fireHelp };
    },
    redrive: async () => {
      const { redriveCommand, redriveHelp } = await import('./commands/redrive.ts');
      return { run: redriveCommand, help: redriveHelp };
    },
    tail: async () => {
      const { tailCommand, tailHelp } = await import('./commands/tail.ts');
      return { run: (argv, io) => tailCommand(argv, io), help: tailHelp };
    },
    replay: async () => {
      const { replayCommand, replayHelp } = await import('./commands/replay.ts');
      return { run: replayCommand, help: replayHelp };
    },
    status: async () => {
      const { statusCommand, statusHelp } = await import('./commands/status.ts');
      return { run: statusCommand, help: statusHelp };
    },
    invoke: async () => {
      const { invokeCommand, invokeHelp } = await import('./commands/invoke.ts');
      return { run: (argv, io) => invokeCommand(argv, io, hooks.sample), help: invokeHelp(hooks.sample) };
    },
  };
}

/** Runs one command of `commands`; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export async function runCli(
  argv: readonly string[],
  commands: Readonly<Record<string, CliEntry>>,
  io: CommandIO = processIO,
  program = 'eventful',
): Promise<number> {
  const help = async () => `${program} <command> [options]

Commands:
${(await Promise.all(Object.values(commands).map(loadCommand))).map((c) => `  ${c.help.split('\n')[0]}`).join('\n')}

Run "${program} <command> --help" for a command's options.
Set AWS_ENDPOINT_URL (e.g. http://localhost:4566) to talk to the local runtime instead of AWS.`;
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(await help());
    return name ? 0 : 2;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    io.err(`error: unknown command "${name}"\n\n${await help()}`);
    return 2;
  }
  const command = await loadCommand(entry);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`error: ${error.message}\n\n${command.help}`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return 1;
  }
}
