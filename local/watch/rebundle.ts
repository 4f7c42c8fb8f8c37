import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { context, type BuildContext } from 'esbuild';
import type { BundleSource } from './bundle-source.ts';

/**
 * Bundles functions again from their sources, each into a fresh directory (the asset in `cdk.out` is
 * content-addressed and stays as synthesized), with the options its bundle was made with. One esbuild context per
 * function, kept between edits: a rebuild after the first only redoes what changed. Not minified: a local bundle
 * is read, not shipped.
 *
 * @example
 * const rebundler = new Rebundler();
 * const next = await rebundler.rebundle('place-order', source, join(assemblyDir, 'hot-reload', 'place-order-2'));
 * lambda.updateFunctionCode('place-order', join(assemblyDir, 'hot-reload', 'place-order-2'));
 */
export class Rebundler {
  readonly #contexts = new Map<string, Promise<BuildContext<{ metafile: true; write: false }>>>();

  /**
   * Writes the new bundle into `outDir` (keep each function's generations in one parent directory) and
   * answers its source with the files it now depends on (an edit may import a new one).
   */
  async rebundle(key: string, source: BundleSource, outDir: string): Promise<BundleSource> {
    let building = this.#contexts.get(key);
    if (!building) {
      building = context({
        entryPoints: [source.entry],
        absWorkingDir: source.workingDir,
        // Never written (write: false); a sibling of the generation directories, so the source map's relative
        // paths hold for each of them.
        outfile: join(dirname(outDir), `${key}.build`, source.outfile),
        bundle: true,
        platform: 'node',
        format: source.format,
        target: source.target,
        external: source.external,
        // ESM first for an ESM bundle, as NodejsFunction's ESM bundling is usually set up.
        mainFields: source.format === 'esm' ? ['module', 'main'] : ['main', 'module'],
        ...(source.banner ? { banner: { js: source.banner } } : {}),
        sourcemap: source.sourcemap,
        sourcesContent: false,
        metafile: true,
        write: false,
        logLevel: 'silent',
      });
      this.#contexts.set(key, building);
    }
    const result = await (await building).rebuild();
    mkdirSync(outDir, { recursive: true });
    for (const file of result.outputFiles) writeFileSync(join(outDir, basename(file.path)), file.contents);
    return { ...source, inputs: Object.keys(result.metafile.inputs).map((input) => resolve(source.workingDir, input)) };
  }

  /** Ends every esbuild context (their file caches). */
  async dispose(): Promise<void> {
    const contexts = [...this.#contexts.values()];
    this.#contexts.clear();
    await Promise.allSettled(contexts.map(async (building) => (await building).dispose()));
  }
}
