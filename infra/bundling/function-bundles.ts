import { build, buildSync, version as esbuildVersion, type BuildOptions, type BuildResult, type Metafile } from 'esbuild';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

/*
 * Bundles functions with esbuild, many entry points in one build, through a content-addressed cache:
 * function → entry + options → bundle directory (`index.mjs` + `index.mjs.map` + `index.meta.json`).
 *
 * A bundle is reused only while every file esbuild read to make it (the metafile's inputs: the handler, the
 * shared modules, the dependencies' files) has the same content, and the options, the esbuild version and the
 * installed dependency tree are the same. Anything else rebuilds it: a stale bundle never runs.
 */

/** The esbuild options that shape a bundle; the entry point and where it is written are the bundler's. */
export type BundleOptions = Pick<
  BuildOptions,
  | 'format'
  | 'target'
  | 'platform'
  | 'minify'
  | 'mainFields'
  | 'external'
  | 'banner'
  | 'sourcemap'
  | 'sourcesContent'
  | 'logLevel'
  | 'define'
  | 'treeShaking'
  | 'alias'
>;

export interface FunctionBundlerProps {
  /** Where entries, inputs and dependencies are resolved from (the folder with package.json). */
  readonly projectRoot: string;
  /**
   * Where bundles and their records are kept between runs.
   * @default `<projectRoot>/.eventful/bundles`
   */
  readonly cacheDir?: string;
  readonly options: BundleOptions;
}

/** What one bundle was made from: each input (relative to the project root) and its content hash. */
interface BundleRecord {
  readonly inputs: Record<string, string>;
  /** The bundle's directory name under the cache: the hash of its output. */
  readonly bundle: string;
}

/** The file of a bundle that Lambda loads; its handler is `index.<export>`. */
export const BUNDLE_FILE = 'index.mjs';
const MAP_FILE = `${BUNDLE_FILE}.map`;
/**
 * esbuild's metafile for this bundle alone, beside it: its inputs tell the local runtime's hot reload which
 * functions a changed file is bundled into (local/watch reads `*.meta.json`).
 */
const META_FILE = 'index.meta.json';
const RECORDS = 'records';
// Bundles are written to `<cacheDir>/<hash>/`; esbuild writes source paths relative to its outdir, so it
// builds into a folder at the same depth.
const STAGING = 'staging';

/**
 * A bundler with a cache shared by every process of the project (synth, tests, the local runtime's start):
 * writes are atomic renames, so concurrent runs at worst build the same bundle twice. One instance is one
 * snapshot of the sources (a synth): it reads each file once, so make a new one after files change.
 *
 * @example
 * const bundler = new FunctionBundler({ projectRoot, options: { format: 'esm', target: 'node24', bundle... } });
 * bundler.prepare(['functions/a/handler.ts', 'functions/b/handler.ts']); // one esbuild build for both
 * const dir = bundler.bundle('functions/a/handler.ts'); // from the cache
 */
export class FunctionBundler {
  readonly #root: string;
  readonly #cacheDir: string;
  readonly #options: BundleOptions;
  /** Content hashes of files read in this process: a synth checks each shared input once, not once per bundle. */
  readonly #hashes = new Map<string, string | undefined>();
  /** Bundle directories known fresh in this process, by entry. */
  readonly #fresh = new Map<string, string>();
  #dependencyTree: string | undefined;

  constructor(props: FunctionBundlerProps) {
    this.#root = resolve(props.projectRoot);
    this.#cacheDir = resolve(props.cacheDir ?? join(this.#root, '.eventful', 'bundles'));
    this.#options = props.options;
  }

  /**
   * The directory of `entry`'s bundle: the cached one when it is fresh, else built now.
   * @param entry absolute, or relative to the project root
   */
  bundle(entry: string): string {
    const key = this.#entryKey(entry);
    const known = this.#fresh.get(key);
    if (known !== undefined) return known;
    const cached = this.#cached(key);
    if (cached !== undefined) return cached;
    const started = Date.now();
    this.#record(buildSync(this.#buildOptions([key])), [key], started);
    return this.#fresh.get(key) as string;
  }

  /** Builds in one esbuild build every entry whose cached bundle is missing or stale; returns how many it built. */
  prepare(entries: readonly string[]): number {
    const stale = this.#stale(entries);
    if (stale.length > 0) {
      const started = Date.now();
      this.#record(buildSync(this.#buildOptions(stale)), stale, started);
    }
    return stale.length;
  }

  /** {@link prepare}, with esbuild working in its own process meanwhile (e.g. while aws-cdk-lib loads). */
  async prepareAsync(entries: readonly string[]): Promise<number> {
    const stale = this.#stale(entries);
    if (stale.length > 0) {
      const started = Date.now();
      this.#record(await build(this.#buildOptions(stale)), stale, started);
    }
    return stale.length;
  }

  #stale(entries: readonly string[]): string[] {
    return [...new Set(entries.map((entry) => this.#entryKey(entry)))].filter((key) => !this.#fresh.has(key) && this.#cached(key) === undefined);
  }

  #entryKey(entry: string): string {
    const path = relative(this.#root, isAbsolute(entry) ? entry : join(this.#root, entry));
    if (path.startsWith('..')) throw new Error(`entry ${entry} is outside the project root ${this.#root}: its inputs could not be tracked`);
    return path.split('\\').join('/');
  }

  /** Names the record of an entry built with these options by this esbuild from this dependency tree. */
  #recordFile(key: string): string {
    const identity = JSON.stringify({ entry: key, options: this.#options, esbuild: esbuildVersion, dependencies: this.#dependencies() });
    return join(this.#cacheDir, RECORDS, `${sha256(identity)}.json`);
  }

  /**
   * The project's manifests and the installed dependency tree: resolution (`imports`, `sideEffects`, a dependency's `exports`) is not
   * an input esbuild reports, so an install that changes it invalidates every bundle.
   */
  #dependencies(): string {
    this.#dependencyTree ??= ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json']
      .map((file) => this.#hash(file) ?? '-')
      .join(',');
    return this.#dependencyTree;
  }

  #cached(key: string): string | undefined {
    let record: BundleRecord;
    try {
      record = JSON.parse(readFileSync(this.#recordFile(key), 'utf8')) as BundleRecord;
    } catch {
      return undefined;
    }
    const dir = join(this.#cacheDir, record.bundle);
    if (!existsSync(join(dir, BUNDLE_FILE))) return undefined;
    for (const [input, hash] of Object.entries(record.inputs)) if (this.#hash(input) !== hash) return undefined;
    this.#fresh.set(key, dir);
    return dir;
  }

  #hash(input: string): string | undefined {
    if (!this.#hashes.has(input)) {
      let hash: string | undefined;
      try {
        hash = sha256(readFileSync(join(this.#root, input)));
      } catch {
        hash = undefined;
      }
      this.#hashes.set(input, hash);
    }
    return this.#hashes.get(input);
  }

  #buildOptions(keys: readonly string[]): BuildOptions & { write: false; metafile: true } {
    return {
      ...this.#options,
      entryPoints: Object.fromEntries(keys.map((key, n) => [`entry-${n}`, key])),
      absWorkingDir: this.#root,
      bundle: true,
      outdir: join(this.#cacheDir, STAGING),
      outExtension: { '.js': '.mjs' },
      // The `//# sourceMappingURL` comment is added once the bundle has its own file name.
      ...(this.#options.sourcemap ? { sourcemap: 'external' } : {}),
      write: false,
      metafile: true,
    };
  }

  /**
   * Keeps each output under its content hash, with the record of its inputs. An input changed since the build
   * started (an editor saving meanwhile) may not be what esbuild read: that bundle is used but not recorded.
   */
  #record(result: BuildResult<{ write: false; metafile: true }>, keys: readonly string[], started: number): void {
    const staging = join(this.#cacheDir, STAGING);
    keys.forEach((key, n) => {
      const code = result.outputFiles.find((file) => file.path === join(staging, `entry-${n}.mjs`));
      const map = result.outputFiles.find((file) => file.path === join(staging, `entry-${n}.mjs.map`));
      if (code === undefined) throw new Error(`esbuild wrote no bundle for ${key}`);
      const text = map === undefined ? code.text : `${code.text}//# sourceMappingURL=${MAP_FILE}\n`;
      const meta = JSON.stringify(metafileOf(result.metafile, join(staging, `entry-${n}.mjs`), this.#root));
      const bundle = sha256(text + (map?.text ?? '') + meta);
      const dir = join(this.#cacheDir, bundle);
      if (!existsSync(join(dir, BUNDLE_FILE))) {
        const temporary = join(this.#cacheDir, `.${bundle}-${randomUUID()}`);
        mkdirSync(temporary, { recursive: true });
        writeFileSync(join(temporary, BUNDLE_FILE), text);
        if (map !== undefined) writeFileSync(join(temporary, MAP_FILE), map.text);
        writeFileSync(join(temporary, META_FILE), meta);
        renameOrDrop(temporary, dir);
      }
      const inputs = Object.fromEntries(
        inputsOf(result.metafile, join(staging, `entry-${n}.mjs`), this.#root).map((input) => [input, this.#hash(input) ?? '-']),
      );
      const changedMeanwhile = Object.keys(inputs).some((input) => modifiedSince(join(this.#root, input), started));
      if (!changedMeanwhile) writeAtomically(this.#recordFile(key), JSON.stringify({ inputs, bundle } satisfies BundleRecord));
      this.#fresh.set(key, dir);
    });
  }
}

function outputOf(metafile: Metafile, outputPath: string, root: string): Metafile['outputs'][string] {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(root, path) === outputPath)?.[1];
  if (output === undefined) throw new Error(`esbuild's metafile does not describe ${outputPath}`);
  return output;
}

/** The project files an output was made from (esbuild's metafile names them relative to the working directory). */
function inputsOf(metafile: Metafile, outputPath: string, root: string): string[] {
  return Object.keys(outputOf(metafile, outputPath, root).inputs).filter((input) => !input.includes(':'));
}

/** The part of a many-entry build's metafile that describes one output, under the name the bundle has in its folder. */
function metafileOf(metafile: Metafile, outputPath: string, root: string): Metafile {
  const output = outputOf(metafile, outputPath, root);
  const inputs = Object.fromEntries(Object.keys(output.inputs).flatMap((input) => (metafile.inputs[input] ? [[input, metafile.inputs[input]]] : [])));
  return { inputs, outputs: { [BUNDLE_FILE]: output } };
}

function modifiedSince(file: string, time: number): boolean {
  try {
    // Coarse file-system clocks round mtimes: a second's margin.
    return statSync(file).mtimeMs >= time - 1000;
  } catch {
    return true;
  }
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${randomUUID()}`;
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

/** Another process may have written the same bundle meanwhile: same hash, same content, so its copy is as good. */
function renameOrDrop(temporary: string, dir: string): void {
  try {
    renameSync(temporary, dir);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(join(dir, BUNDLE_FILE))) throw error;
  }
}
