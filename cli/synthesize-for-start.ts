import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allFunctionEntries, createFunctionBundler, PROJECT_ROOT } from '../infra/bundling/house-bundling.ts';

/** What the app, its bundles and its synthesis are made of: a change anywhere here synthesizes again. */
const SOURCE_DIRS = ['infra', 'functions', 'shared'];
const SOURCE_FILES = ['cdk.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json'];
/** Written into the assembly by a start's synthesis: what it was made from, and what it was. */
export const START_STAMP = 'eventful-start.json';

interface StartStamp {
  /** The hash of every source file (SOURCE_DIRS, SOURCE_FILES). */
  readonly sources: string;
  /** The hash of the assembly's manifest, templates and asset manifests, as this synthesis wrote them. */
  readonly assembly: string;
}

export type StartSynthesis = 'reused' | 'synthesized';

export interface SynthesizeForStartOptions {
  /** The project whose sources are hashed. @default the project root */
  readonly projectRoot?: string;
  /** Synthesizes the app into `outdir`. @default the app of infra/eventful-app.ts, bundled while aws-cdk-lib loads */
  readonly synthesize?: (outdir: string) => Promise<void>;
}

/**
 * The cloud assembly `npm start` runs, in `outdir`. When the assembly there was written by a previous start from
 * sources identical to today's, byte for byte (infra, functions, shared, the lock files), and is still what that
 * start wrote, it is reused as it is: no aws-cdk-lib, no synthesis. Otherwise the app is synthesized, its functions
 * bundled through the bundle cache (infra/bundling: only bundles whose inputs changed are rebuilt).
 */
export async function synthesizeForStart(outdir: string, options: SynthesizeForStartOptions = {}): Promise<StartSynthesis> {
  const root = options.projectRoot ?? PROJECT_ROOT;
  const sources = sourcesHash(root);
  if (stampOf(outdir)?.sources === sources) return 'reused';
  await (options.synthesize ?? synthesizeLocally)(outdir);
  writeFileSync(join(outdir, START_STAMP), `${JSON.stringify({ sources, assembly: assemblyHash(outdir) } satisfies StartStamp)}\n`);
  return 'synthesized';
}

/**
 * The app as `cdk deploy` ships it, with three things left out that the local runtime does without, none of which
 * can change a template: CDK's built-in CloudFormation validation (seconds of loading rules) and cdk-nag's checks
 * (a second of CPU), both policy validation run after synthesis that only reads and reports (`cdk synth`, `cdk
 * deploy` and the infra tests keep them, and test/infra/cdk-nag.test.ts pins that the templates are the same byte
 * for byte), and waiting for the bundles, which esbuild makes in its own process while aws-cdk-lib loads here.
 */
export async function synthesizeLocally(outdir: string): Promise<void> {
  const bundled = createFunctionBundler().prepareAsync(allFunctionEntries());
  const { createEventfulApp } = await import('../infra/eventful-app.ts');
  await bundled;
  createEventfulApp({ outdir, builtinCloudFormationValidation: false }, { nag: false }).synth();
}

/** The stamp of a previous start's synthesis, if the assembly is still what it wrote and its assets are there. */
function stampOf(outdir: string): StartStamp | undefined {
  let stamp: StartStamp;
  try {
    stamp = JSON.parse(readFileSync(join(outdir, START_STAMP), 'utf8')) as StartStamp;
  } catch {
    return undefined;
  }
  try {
    return stamp.assembly === assemblyHash(outdir) && assetsPresent(outdir) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

function assemblyHash(outdir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(outdir)
    .filter((name) => name === 'manifest.json' || name.endsWith('.template.json') || name.endsWith('.assets.json'))
    .sort();
  for (const name of files)
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(join(outdir, name)))
      .update('\0');
  return hash.digest('hex');
}

function assetsPresent(outdir: string): boolean {
  for (const name of readdirSync(outdir).filter((file) => file.endsWith('.assets.json'))) {
    const { files = {} } = JSON.parse(readFileSync(join(outdir, name), 'utf8')) as { files?: Record<string, { source?: { path?: string } }> };
    for (const { source } of Object.values(files)) if (source?.path !== undefined && !existsSync(join(outdir, source.path))) return false;
  }
  return true;
}

function sourcesHash(root: string): string {
  const hash = createHash('sha256');
  const files = [...SOURCE_DIRS.flatMap((dir) => filesUnder(join(root, dir))), ...SOURCE_FILES.map((file) => join(root, file))];
  for (const file of files) {
    hash.update(relative(root, file)).update('\0');
    hash.update(existsSync(file) ? readFileSync(file) : '(missing)').update('\0');
  }
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
