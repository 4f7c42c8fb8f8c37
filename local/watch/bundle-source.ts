import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, resolve, sep } from 'node:path';

/**
 * What it takes to bundle one function again: its entry, the files its bundle was built from, and the options that
 * shape the output the worker loads. Read from the esbuild metafile next to the bundle (`NodejsFunction`'s
 * `bundling.metafile: true` writes `index.meta.json`).
 */
export interface BundleSource {
  /** Absolute path of the entry point (`functions/place-order/handler.ts`). */
  entry: string;
  /** The directory esbuild ran in: metafile paths are relative to it, and so are `node_modules` lookups. */
  workingDir: string;
  /** The bundle's file name in its directory (`index.mjs`): the handler setting names it. */
  outfile: string;
  format: 'esm' | 'cjs';
  /** `node24` from the function's runtime `nodejs24.x`. */
  target: string;
  /** Modules the bundle left to be resolved at run time (the AWS SDK, Node's built-ins). */
  external: string[];
  /** The bundle's first line when it is the usual ESM `createRequire` banner (bundled CommonJS calls `require`). */
  banner?: string;
  sourcemap: boolean;
  /** Absolute paths of every file the bundle was built from. */
  inputs: string[];
}

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { entryPoint?: string; imports?: { path: string; external?: boolean }[] }>;
}

/** The banner `NodejsFunction` ESM bundles carry so bundled CommonJS code can call `require`. */
const CREATE_REQUIRE = 'createRequire(import.meta.url)';

/**
 * The bundle source of a function whose asset directory `codeDir` holds an esbuild metafile, or why there is none
 * (a function built without `metafile: true`, or not by esbuild): such a function is not rebundled on change.
 */
export function readBundleSource(codeDir: string, runtime: string, cwd = process.cwd()): BundleSource | { missing: string } {
  const metaFile = existsSync(codeDir) ? readdirSync(codeDir).find((name) => name.endsWith('.meta.json')) : undefined;
  if (!metaFile) return { missing: `no esbuild metafile (*.meta.json) in ${codeDir}: bundle it with metafile: true to hot-reload it` };
  const meta = JSON.parse(readFileSync(join(codeDir, metaFile), 'utf8')) as Metafile;
  const bundle = Object.entries(meta.outputs).find(([, output]) => output.entryPoint !== undefined);
  if (!bundle) return { missing: `${metaFile} in ${codeDir} names no entry point` };
  const [outputPath, output] = bundle;
  const workingDir = workingDirOf(codeDir, outputPath, output.entryPoint as string, cwd);
  if (!workingDir) return { missing: `the entry ${output.entryPoint} of ${codeDir} was not found (neither beside the assembly nor in ${cwd})` };
  const outfile = basename(outputPath);
  const code = existsSync(join(codeDir, outfile)) ? readFileSync(join(codeDir, outfile), 'utf8') : '';
  const firstLine = code.slice(0, Math.max(0, code.indexOf('\n')));
  const format = extname(outfile) === '.mjs' || (extname(outfile) === '.js' && /^\s*(import|export)\b/m.test(code.slice(0, 2000))) ? 'esm' : 'cjs';
  return {
    entry: resolve(workingDir, output.entryPoint as string),
    workingDir,
    outfile,
    format,
    target: /^nodejs(\d+)/.exec(runtime)?.[1] ? `node${/^nodejs(\d+)/.exec(runtime)?.[1]}` : 'node20',
    external: [...new Set((output.imports ?? []).filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path))],
    ...(format === 'esm' && firstLine.includes(CREATE_REQUIRE) ? { banner: firstLine } : {}),
    sourcemap: existsSync(join(codeDir, `${outfile}.map`)),
    inputs: Object.keys(meta.inputs).map((input) => resolve(workingDir, input)),
  };
}

/**
 * Where esbuild ran: the output path in the metafile is relative to it and ends in the assembly's own folder
 * (`cdk.out/bundling-temp-…/index.mjs`), so the assembly's path minus that tail is the working directory. A bundle
 * copied from elsewhere (reused) falls back to the current directory.
 */
function workingDirOf(codeDir: string, outputPath: string, entryPoint: string, cwd: string): string | undefined {
  const assemblyDir = dirname(resolve(codeDir));
  const outputAssembly = dirname(dirname(outputPath));
  const candidates: string[] = [];
  if (!isAbsolute(outputAssembly) && outputAssembly !== '.') {
    const tail = sep + outputAssembly.split('/').join(sep);
    if (assemblyDir.endsWith(tail)) candidates.push(assemblyDir.slice(0, -tail.length));
  }
  candidates.push(cwd, dirname(assemblyDir));
  return candidates.find((dir) => existsSync(resolve(dir, entryPoint)));
}

function isBuiltin(path: string): boolean {
  return path.startsWith('node:') || builtinModules.includes(path.split('/')[0] as string);
}
