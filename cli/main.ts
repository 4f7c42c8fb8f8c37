import { localCommands, processIO, runCli, type CliEntry, type CommandIO, type LocalHooks } from '@eventful/local/cli';
import { synthesizeForStart } from './synthesize-for-start.ts';

/**
 * What this app plugs into the runtime's commands: for `start`, in-process synthesis, skipped when nothing changed
 * since the last start's (cli/synthesize-for-start.ts), and the demo catalog; its catalog's events for
 * `invoke --sample eventbridge:<DetailType>`. Each loads its modules when used: `start` spawns DynamoDB Local's JVM
 * before anything it can do without (the catalog's schemas, SDK clients) is loaded.
 */
const hooks: LocalHooks = {
  synthesize: (outdir) => synthesizeForStart(outdir),
  seed: {
    describe: 'the demo catalog',
    run: async (runtime) => {
      const { describeSeedOutcome, seedDemoCatalog } = await import('./seed-demo-catalog.ts');
      return (await seedDemoCatalog(runtime)).map(describeSeedOutcome);
    },
  },
  sample: {
    event: async (detailType) => (await import('./sample/sample-catalog-event.ts')).sampleCatalogEvent(detailType),
  },
};

/** The runtime's commands, with the app's hooks, and the app's own (`emit`, `sample`, `catalog`, `rebuild`), each loaded when run. */
export const commands: Record<string, CliEntry> = {
  ...localCommands(hooks),
  emit: async () => {
    const { emitCommand, emitHelp } = await import('./commands/emit.ts');
    return { run: emitCommand, help: emitHelp };
  },
  sample: async () => {
    const { sampleCommand, sampleHelp } = await import('./commands/sample.ts');
    return { run: sampleCommand, help: sampleHelp };
  },
  catalog: async () => {
    const { catalogCommand, catalogHelp } = await import('./commands/catalog.ts');
    return { run: catalogCommand, help: catalogHelp };
  },
  rebuild: async () => {
    const { rebuildCommand, rebuildHelp } = await import('./commands/rebuild.ts');
    return { run: rebuildCommand, help: rebuildHelp };
  },
};

/** Runs one CLI command; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
export function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  return runCli(argv, commands, io);
}

export { hooks as startHooks };
