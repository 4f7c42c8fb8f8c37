import { localCommands, processIO, runCli, type CliCommand, type CommandIO, type LocalHooks } from '@eventful/local';
import { catalogCommand, catalogHelp } from './commands/catalog.ts';
import { emitCommand, emitHelp } from './commands/emit.ts';
import { rebuildCommand, rebuildHelp } from './commands/rebuild.ts';
import { sampleCommand, sampleHelp } from './commands/sample.ts';
import { sampleCatalogEvent } from './sample/sample-catalog-event.ts';
import { describeSeedOutcome, seedDemoCatalog } from './seed-demo-catalog.ts';
import { synthesizeForStart } from './synthesize-for-start.ts';

/**
 * What this app plugs into the runtime's commands: for `start`, in-process synthesis, skipped when nothing changed
 * since the last start's (cli/synthesize-for-start.ts), and the demo catalog; its catalog's events for
 * `invoke --sample eventbridge:<DetailType>`.
 */
const hooks: LocalHooks = {
  async synthesize(outdir) {
    await synthesizeForStart(outdir);
  },
  seed: {
    describe: 'the demo catalog',
    run: async (runtime) => (await seedDemoCatalog(runtime)).map(describeSeedOutcome),
  },
  sample: { event: (detailType) => sampleCatalogEvent(detailType) },
};

/** The runtime's commands, with the app's hooks, and the app's own (`emit`, `sample`, `catalog`, `rebuild`). */
export const commands: Record<string, CliCommand> = {
  ...localCommands(hooks),
  emit: { run: emitCommand, help: emitHelp },
  sample: { run: sampleCommand, help: sampleHelp },
  catalog: { run: catalogCommand, help: catalogHelp },
  rebuild: { run: rebuildCommand, help: rebuildHelp },
};

/** Runs one CLI command; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCli(argv, commands, io);
}

export { hooks as startHooks };
