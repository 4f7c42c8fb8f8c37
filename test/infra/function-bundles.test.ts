import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FunctionBundler } from '../../infra/bundling/function-bundles.ts';
import { FUNCTION_BUNDLE_OPTIONS } from '../../infra/bundling/house-bundling.ts';
import { readBundleSource } from '../../local/watch/index.ts';

let root: string;

/** Writes a project file dated a minute ago, as a file saved before the build started. */
function write(path: string, content: string): void {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  const aMinuteAgo = new Date(Date.now() - 60_000);
  utimesSync(file, aMinuteAgo, aMinuteAgo);
}

/** A new bundler is a new synth: it reads the sources afresh, and finds the previous one's bundles in the cache. */
const bundler = () => new FunctionBundler({ projectRoot: root, options: FUNCTION_BUNDLE_OPTIONS });
const code = (dir: string) => readFileSync(join(dir, 'index.mjs'), 'utf8');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'eventful-bundles-'));
  write('shared/greeting.ts', "export const greeting = 'hello-one';\n");
  write('functions/a/handler.ts', "import { greeting } from '../../shared/greeting.ts';\nexport const handler = async () => `a:${greeting}`;\n");
  write('functions/b/handler.ts', "import { greeting } from '../../shared/greeting.ts';\nexport const handler = async () => `b:${greeting}`;\n");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('FunctionBundler', () => {
  it('bundles several entries in one build, each bundle standing alone with its external source map', async () => {
    // Act
    const built = bundler().prepare(['functions/a/handler.ts', 'functions/b/handler.ts']);
    const next = bundler();
    const [a, b] = [next.bundle('functions/a/handler.ts'), next.bundle('functions/b/handler.ts')];

    // Assess
    expect(built).toBe(2);
    expect(a).not.toBe(b);
    expect(readdirSync(a).sort()).toEqual(['index.meta.json', 'index.mjs', 'index.mjs.map']);
    expect(code(a)).toContain('hello-one');
    expect(code(a)).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\n$/);
    const handler = (await import(join(b, 'index.mjs'))) as { handler: () => Promise<string> };
    expect(await handler.handler()).toBe('b:hello-one');
  });

  it("carries its own esbuild metafile, from which hot reload reads the bundle's entry and the files it was built from", () => {
    // Act
    bundler().prepare(['functions/a/handler.ts', 'functions/b/handler.ts']);
    const source = readBundleSource(bundler().bundle('functions/a/handler.ts'), 'nodejs24.x', root);

    // Assess
    expect(source).toMatchObject({ entry: join(root, 'functions/a/handler.ts'), outfile: 'index.mjs', format: 'esm', target: 'node24', sourcemap: true });
    expect('inputs' in source ? [...source.inputs].sort() : source).toEqual([join(root, 'functions/a/handler.ts'), join(root, 'shared/greeting.ts')]);
  });

  it('reuses a bundle whose inputs are unchanged, without building', () => {
    // Prepare
    const first = bundler().bundle('functions/a/handler.ts');

    // Act
    const next = bundler();
    const built = next.prepare(['functions/a/handler.ts']);

    // Assess
    expect(built).toBe(0);
    expect(next.bundle('functions/a/handler.ts')).toBe(first);
  });

  it('rebuilds every bundle that includes a changed shared module', () => {
    // Prepare
    bundler().prepare(['functions/a/handler.ts', 'functions/b/handler.ts']);
    write('shared/greeting.ts', "export const greeting = 'hello-two';\n");

    // Act
    const next = bundler();
    const built = next.prepare(['functions/a/handler.ts', 'functions/b/handler.ts']);

    // Assess
    expect(built).toBe(2);
    expect(code(next.bundle('functions/a/handler.ts'))).toContain('hello-two');
    expect(code(next.bundle('functions/b/handler.ts'))).toContain('hello-two');
  });

  it('rebuilds only the bundle whose handler changed', () => {
    // Prepare
    const before = bundler();
    before.prepare(['functions/a/handler.ts', 'functions/b/handler.ts']);
    const unchanged = before.bundle('functions/b/handler.ts');
    write('functions/a/handler.ts', 'export const handler = async () => "a:changed";\n');

    // Act
    const next = bundler();
    const built = next.prepare(['functions/a/handler.ts', 'functions/b/handler.ts']);

    // Assess
    expect(built).toBe(1);
    expect(code(next.bundle('functions/a/handler.ts'))).toContain('a:changed');
    expect(next.bundle('functions/b/handler.ts')).toBe(unchanged);
  });

  it('rebuilds when a module is added to what a handler imports', () => {
    // Prepare
    bundler().bundle('functions/a/handler.ts');
    write('shared/farewell.ts', "export const farewell = 'bye-now';\n");
    write('functions/a/handler.ts', "import { farewell } from '../../shared/farewell.ts';\nexport const handler = async () => farewell;\n");

    // Act
    const dir = bundler().bundle('functions/a/handler.ts');

    // Assess
    expect(code(dir)).toContain('bye-now');
  });

  it('does not record a bundle whose input changed while it was built, so the next synth builds it again', () => {
    // Prepare: saved just now, as an editor saving during the build
    writeFileSync(join(root, 'shared/greeting.ts'), "export const greeting = 'hello-saved';\n");

    // Act
    bundler().bundle('functions/a/handler.ts');
    const built = bundler().prepare(['functions/a/handler.ts']);

    // Assess
    expect(built).toBe(1);
  });

  it('refuses an entry outside the project, whose inputs it could not track', () => {
    expect(() => bundler().bundle('/elsewhere/handler.ts')).toThrow(/outside the project root/);
  });
});
