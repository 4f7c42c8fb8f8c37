import type { IConstruct } from 'constructs';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FunctionBundler, type BundleOptions } from './function-bundles.ts';

/*
 * How every function of this project is bundled. Imports neither aws-cdk-lib nor the app, so `npm start` can
 * bundle while aws-cdk-lib is still loading.
 */

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FUNCTIONS_DIR = join(PROJECT_ROOT, 'functions');
const BUILTIN_SHIMS = fileURLToPath(new URL('./builtins/', import.meta.url));

/**
 * `import http from 'node:http'` in an ES module (Powertools Tracer's provider does it) makes Node build the
 * module's ES facade, which reads every export, getters included: `http.WebSocket` and its siblings load Node's
 * whole fetch implementation (undici), 30 to 60 ms of every cold start on Node 24 for a module the function never
 * uses. The bundle takes these modules through `process.getBuiltinModule` instead, as CommonJS does; esbuild then
 * reads each export only where the code uses it.
 */
const BUILTINS_WITHOUT_FACADE = Object.fromEntries(
  ['http', 'https'].flatMap((name) => [
    [name, join(BUILTIN_SHIMS, `${name}.cjs`)],
    [`node:${name}`, join(BUILTIN_SHIMS, `${name}.cjs`)],
  ]),
);

const LEFT_OUT = fileURLToPath(new URL('./left-out/', import.meta.url));

/**
 * Packages a dependency requires at init for a path the functions never take, replaced by a module that says so when
 * called: semver is required by aws-xray-sdk-core's patcher of AWS SDK v2 clients (under Powertools Tracer), which
 * the functions never use (their clients are v3, traced by `captureAWSv3Client`), and its module init compiles some
 * forty regular expressions: about 8 ms of CPU of every cold start (README, "Cold start and start time").
 */
const UNUSED_AT_RUNTIME = { semver: join(LEFT_OUT, 'semver.cjs') };

const REPLACED = fileURLToPath(new URL('./replaced/', import.meta.url));

/**
 * Dependencies of dependencies replaced by a module with the same API over what Node now has: aws-xray-sdk-core
 * keeps the current segment in a cls-hooked namespace, whose async_hooks hook runs on every promise a function
 * makes (about a fifth of a warm invocation's CPU); the replacement keeps it in an AsyncLocalStorage, which needs
 * no hook (README, "Cold start and start time"; held to cls-hooked by test/infra/cls-hooked-replacement.test.ts).
 */
const REPLACED_FOR_SPEED = Object.fromEntries(['cls-hooked', 'cls-hooked/context'].map((name) => [name, join(REPLACED, 'cls-hooked.cjs')]));

/**
 * Minified ESM for nodejs24.x, with an external source map (no sources inside: stack traces need the
 * mappings only, and the sources would double the asset for no reader).
 */
export const FUNCTION_BUNDLE_OPTIONS: BundleOptions = {
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  // esbuild's per-bundle size report is noise in `npm start` and `cdk synth` output; warnings stay.
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  // The nodejs24.x runtime ships the AWS SDK v3 (and its @smithy packages): leaving them out keeps
  // bundles small and lets a function load the runtime's copy.
  external: ['@aws-sdk/*', '@smithy/*'],
  // CommonJS dependencies bundled into ESM (aws-xray-sdk-core under Powertools Tracer) call
  // require() on Node built-ins, which an ESM bundle lacks: "Dynamic require of ... is not supported".
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  alias: { ...BUILTINS_WITHOUT_FACADE, ...UNUSED_AT_RUNTIME, ...REPLACED_FOR_SPEED },
};

/** The handler file of the function named `name` (its folder under `functions/`). */
export function functionEntry(name: string): string {
  return join(FUNCTIONS_DIR, name, 'handler.ts');
}

/** Every `functions/<name>/handler.ts` of the project: what a synth of the app bundles. */
export function allFunctionEntries(): string[] {
  return readdirSync(FUNCTIONS_DIR)
    .map(functionEntry)
    .filter((entry) => existsSync(entry));
}

/**
 * A bundler over the project's cache with the house options: one snapshot of the sources. The cache is
 * `.eventful/bundles`, or `EVENTFUL_BUNDLE_CACHE` (the start benchmark points it at an empty folder to start as a fresh clone).
 */
export function createFunctionBundler(): FunctionBundler {
  const cacheDir = process.env['EVENTFUL_BUNDLE_CACHE'];
  return new FunctionBundler({ projectRoot: PROJECT_ROOT, options: FUNCTION_BUNDLE_OPTIONS, ...(cacheDir ? { cacheDir } : {}) });
}

const bundlers = new WeakMap<IConstruct, FunctionBundler>();

/** The bundler of `scope`'s app: each app (each synth) reads the sources afresh. */
export function bundlerOf(scope: IConstruct): FunctionBundler {
  const root = scope.node.root;
  let bundler = bundlers.get(root);
  if (bundler === undefined) {
    bundler = createFunctionBundler();
    bundlers.set(root, bundler);
  }
  return bundler;
}
