import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionSpec } from '../../topology/types.ts';
import { HotReload, readBundleSource } from '../../watch/index.ts';

// Inside the project, under a git-ignored cdk.out/ folder, as an app's assembly is.
const ROOTS = fileURLToPath(new URL('./fixtures/cdk.out', import.meta.url));

interface App {
  root: string;
  hot: HotReload;
  updates: { functionName: string; codeDir: string }[];
  logs: string[];
  others: string[][];
}

const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.hot.close();
    rmSync(app.root, { recursive: true, force: true });
  }
});

/** An app with two functions bundled by esbuild with metafiles (`shared/` in both, `only-a.ts` in one), watched. */
async function watchedApp(): Promise<App> {
  mkdirSync(ROOTS, { recursive: true });
  const root = mkdtempSync(join(ROOTS, 'rebundle-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('shared/word.ts', "export const word = 'one';\n");
  write('functions/a/only-a.ts', "export const suffix = '-a';\n");
  write(
    'functions/a/handler.ts',
    "import { word } from '../../shared/word.ts';\nimport { suffix } from './only-a.ts';\nexport const handler = async () => word + suffix;\n",
  );
  write('functions/b/handler.ts', "import { word } from '../../shared/word.ts';\nexport const handler = async () => word;\n");
  write('infra/app.ts', '// the infrastructure\n');
  const functions: FunctionSpec[] = [];
  for (const name of ['a', 'b']) {
    const codeDir = join(root, 'cdk.out', `asset.${name}`);
    const result = await build({
      entryPoints: [`functions/${name}/handler.ts`],
      absWorkingDir: root,
      outfile: join(codeDir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    writeFileSync(join(codeDir, 'index.meta.json'), JSON.stringify(result.metafile));
    functions.push({ name, codeDir, runtime: 'nodejs24.x' } as FunctionSpec);
  }
  const app: App = { root, updates: [], logs: [], others: [], hot: undefined as unknown as HotReload };
  app.hot = new HotReload(
    { functions: () => functions, updateFunctionCode: (functionName, codeDir) => app.updates.push({ functionName, codeDir }) },
    {
      watch: { root, include: ['functions/**', 'shared/**', 'infra/**'] },
      outDir: join(root, 'cdk.out', 'hot-reload'),
      log: (kind, text) => app.logs.push(`${kind}: ${text}`),
      onOtherChange: async (files) => {
        app.others.push(files.map((file) => file.slice(root.length + 1)));
      },
    },
  );
  expect(app.hot.start()).toEqual([]);
  apps.push(app);
  return app;
}

describe('hot reload: rebundling from esbuild metafiles', () => {
  it('reads where a bundle came from out of its metafile', async () => {
    // Prepare
    const app = await watchedApp();

    // Act
    const source = readBundleSource(join(app.root, 'cdk.out', 'asset.a'), 'nodejs24.x', app.root);

    // Assess
    expect(source).toMatchObject({
      entry: join(app.root, 'functions/a/handler.ts'),
      workingDir: app.root,
      outfile: 'index.mjs',
      format: 'esm',
      target: 'node24',
    });
    expect('inputs' in source ? source.inputs.sort() : []).toEqual([
      join(app.root, 'functions/a/handler.ts'),
      join(app.root, 'functions/a/only-a.ts'),
      join(app.root, 'shared/word.ts'),
    ]);
  });

  it('rebundles only the functions built from the changed file, into new folders holding the new code', async () => {
    // Prepare
    const app = await watchedApp();

    // Act
    writeFileSync(join(app.root, 'functions/a/only-a.ts'), "export const suffix = '-changed';\n");
    await expect.poll(() => app.updates.length, { timeout: 10_000 }).toBe(1);
    writeFileSync(join(app.root, 'shared/word.ts'), "export const word = 'two';\n");
    await expect.poll(() => app.updates.length, { timeout: 10_000 }).toBe(3);

    // Assess
    expect(app.updates[0]?.functionName).toBe('a');
    expect(readFileSync(join(app.updates[0]?.codeDir ?? '', 'index.mjs'), 'utf8')).toContain('-changed');
    expect(
      app.updates
        .slice(1)
        .map((u) => u.functionName)
        .sort(),
    ).toEqual(['a', 'b']);
    for (const update of app.updates.slice(1)) expect(readFileSync(join(update.codeDir, 'index.mjs'), 'utf8')).toContain('"two"');
    expect(app.others).toEqual([]);
  });

  it('keeps the previous code and says why when the changed code does not bundle', async () => {
    // Prepare
    const app = await watchedApp();

    // Act
    writeFileSync(join(app.root, 'shared/word.ts'), 'export const word = ;\n');
    await expect.poll(() => app.logs.filter((line) => line.startsWith('error:')).length, { timeout: 10_000 }).toBe(2);

    // Assess
    expect(app.updates).toEqual([]);
    expect(app.logs).toContainEqual(expect.stringMatching(/^error: hot reload: rebundling [ab] failed, it keeps running its previous code: .*Unexpected ";"/s));
  });

  it('hands a change in no bundle (the infrastructure) to onOtherChange, rebundling nothing', async () => {
    // Prepare
    const app = await watchedApp();

    // Act
    writeFileSync(join(app.root, 'infra/app.ts'), '// the infrastructure, changed\n');
    await expect.poll(() => app.others.length, { timeout: 10_000 }).toBe(1);

    // Assess
    expect(app.others).toEqual([['infra/app.ts']]);
    expect(app.updates).toEqual([]);
  });
});
