import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { catalog } from '../../shared/events/index.ts';
import { loadRulesFromAssembly } from '../catalog/load-rules.ts';
import { renderCatalog } from '../catalog/render-catalog.ts';
import type { CommandIO } from '@eventful/local';

export const catalogHelp = `eventful catalog [--out <file>] [--from <cdk.out>]

Writes the event catalog (every event type, its schema, producers and consuming rules) as Markdown.
  --out <file>   write to this file instead of stdout
  --from <dir>   read rules from an already synthesized cloud assembly instead of synthesizing the app`;

export async function catalogCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, from: { type: 'string' } } });
  const assemblyDir = values.from ?? (await synthesizeApp());
  const document = renderCatalog(catalog, await loadRulesFromAssembly(assemblyDir));
  if (values.out) {
    await writeFile(values.out, document);
    io.err(`wrote ${values.out} (${catalog.length} event types)`);
  } else {
    io.out(document);
  }
  return 0;
}

/** Synthesizes the very app `cdk deploy` ships, in-process, into a temporary directory. */
async function synthesizeApp(): Promise<string> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createEventfulApp } = await import('../../infra/eventful-app.ts');
  const outdir = await mkdtemp(join(tmpdir(), 'eventful-catalog-'));
  createEventfulApp({ outdir }).synth();
  return outdir;
}
