import { localCommands, processIO, runCli, type CliCommand, type CommandIO, type StartHooks } from '@eventful/local';
import { catalogCommand, catalogHelp } from './commands/catalog.ts';
import { emitCommand, emitHelp } from './commands/emit.ts';
import { rebuildCommand, rebuildHelp } from './commands/rebuild.ts';
import { synthesizeForStart } from './synthesize-for-start.ts';
import { describeSeedOutcome, seedDemoCatalog } from './seed-demo-catalog.ts';

/**
 * What this app plugs into the runtime's `start`: in-process synthesis, skipped when nothing changed since the
 * last start's (cli/synthesize-for-start.ts), and the demo catalog.
 */
const hooks: StartHooks = {
  async synthesize(outdir) {
    await synthesizeForStart(outdir);
  },
  seed: {
    describe: 'the demo catalog',
    run: async (runtime) => (await seedDemoCatalog(runtime)).map(describeSeedOutcome),
  },
};

/** The runtime's commands, with the app's hooks, and the app's own (`emit`, `catalog`, `rebuild`). */
export const commands: Record<string, CliCommand> = {
  ...localCommands(hooks),
  emit: { run: emitCommand, help: emitHelp },
  catalog: { run: catalogCommand, help: catalogHelp },
  rebuild: { run: rebuildCommand, help: rebuildHelp },
};

/** Runs one CLI command; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCli(argv, commands, io);
}

export { hooks as startHooks };
