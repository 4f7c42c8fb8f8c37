import { catalogCommand, catalogHelp } from './commands/catalog.ts';
import { emitCommand, emitHelp } from './commands/emit.ts';
import { startCommand, startHelp } from './commands/start.ts';
import { fireCommand, fireHelp } from './commands/fire.ts';
import { rebuildCommand, rebuildHelp } from './commands/rebuild.ts';
import { redriveCommand, redriveHelp } from './commands/redrive.ts';
import { replayCommand, replayHelp } from './commands/replay.ts';
import { tailCommand, tailHelp } from './commands/tail.ts';
import { testPatternCommand, testPatternHelp } from './commands/test-pattern.ts';
import { processIO, type CommandIO } from './io.ts';
import { UsageError } from './usage-error.ts';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

const commands: Record<string, { run: Command; help: string }> = {
  start: { run: startCommand, help: startHelp },
  'test-pattern': { run: testPatternCommand, help: testPatternHelp },
  fire: { run: fireCommand, help: fireHelp },
  redrive: { run: redriveCommand, help: redriveHelp },
  tail: { run: tailCommand, help: tailHelp },
  replay: { run: replayCommand, help: replayHelp },
  emit: { run: emitCommand, help: emitHelp },
  catalog: { run: catalogCommand, help: catalogHelp },
  rebuild: { run: rebuildCommand, help: rebuildHelp },
};

const help = `eventful <command> [options]

Commands:
${Object.values(commands)
  .map((c) => `  ${c.help.split('\n')[0]}`)
  .join('\n')}

Run "eventful <command> --help" for a command's options.
Set AWS_ENDPOINT_URL (e.g. http://localhost:4566) to talk to the local runtime instead of AWS.`;

/** Runs one CLI command; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`error: unknown command "${name}"\n\n${help}`);
    return 2;
  }
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
