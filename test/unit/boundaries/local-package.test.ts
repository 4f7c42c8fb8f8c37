import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The local runtime is a product of its own (README, "Layout"): the workspace package @eventful/local, which
 * can run any synthesized CDK app. It must import nothing from this app (infra/, functions/, shared/, cli/,
 * test/): the app plugs into it through the hooks of `start` and the conventions it exports.
 */

const LOCAL = resolve(fileURLToPath(new URL('../../../local', import.meta.url)));
const manifest = JSON.parse(readFileSync(join(LOCAL, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
const builtins = new Set(builtinModules);

/** Every source file of the package. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The module specifiers a file imports or re-exports, statically or dynamically, and the relative files it reaches
 * with `new URL(…, import.meta.url)` (a test's fixtures, a worker's script); comments and their examples aside.
 */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  for (const pattern of [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bnew URL\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*,\s*import\.meta\.url/g,
  ]) {
    for (const match of code.matchAll(pattern)) found.add(match[1] as string);
  }
  return [...found];
}

/** What is wrong with `specifier` in `file`, or undefined when it stays inside the package. */
function problemOf(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    return target === LOCAL || target.startsWith(LOCAL + sep) ? undefined : `reaches outside the package: ${relative(LOCAL, target)}`;
  }
  if (specifier.startsWith('#')) return 'uses an import alias of the app';
  if (specifier.startsWith('node:') || builtins.has(specifier)) return undefined;
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);
  // Type-only packages (`aws-lambda`) are declared as their @types package.
  const types = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
  return declared.has(name) || declared.has(types) ? undefined : `imports ${name}, which local/package.json does not declare`;
}

describe('the @eventful/local package', () => {
  const files = sources(LOCAL);

  it('has sources to check, its own tests among them', () => {
    expect(files.length).toBeGreaterThan(100);
    // local/test: the runtime's tests live in the package and are held to the same rule (no app fixtures).
    expect(files.filter((file) => file.startsWith(join(LOCAL, 'test') + sep)).length).toBeGreaterThan(100);
  });

  it('imports nothing from the app, and only the packages it declares', () => {
    const problems = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8')).flatMap((specifier) => {
        const problem = problemOf(file, specifier);
        return problem ? [`${relative(LOCAL, file)}: '${specifier}' ${problem}`] : [];
      }),
    );

    expect(problems).toEqual([]);
  });

  it('notices an import that leaves the package', () => {
    const file = join(LOCAL, 'runtime', 'seed.ts');

    expect(problemOf(file, '../../shared/catalog/demo-products.ts')).toBe('reaches outside the package: ../shared/catalog/demo-products.ts');
    expect(problemOf(file, '#shared/events/index.ts')).toBe('uses an import alias of the app');
    expect(problemOf(file, 'zod')).toBe('imports zod, which local/package.json does not declare');
    expect(problemOf(file, '../endpoint/index.ts')).toBeUndefined();
    expect(problemOf(file, 'node:fs')).toBeUndefined();
  });

  it("notices a test reaching the app's files, by import or by URL", () => {
    const test = join(LOCAL, 'test', 'runtime', 'start.test.ts');
    const source = "const BIN = fileURLToPath(new URL('../../../bin/eventful.mjs', import.meta.url));\nimport { main } from '../../../cli/main.ts';";

    expect(
      specifiers(source)
        .map((specifier) => problemOf(test, specifier))
        .sort(),
    ).toEqual(['reaches outside the package: ../bin/eventful.mjs', 'reaches outside the package: ../cli/main.ts']);
  });
});
