import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { synthesizeForStart } from '../../../cli/synthesize-for-start.ts';

let root: string;
let outdir: string;
let synths: number;

function write(path: string, content: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** Stands for the app's synthesis: a manifest, a template and one staged asset, as CDK writes them. */
async function fakeSynthesis(dir: string): Promise<void> {
  synths += 1;
  mkdirSync(join(dir, 'asset.abc'), { recursive: true });
  writeFileSync(join(dir, 'asset.abc', 'index.mjs'), `export const synth = ${synths};\n`);
  writeFileSync(join(dir, 'manifest.json'), '{"version":"1"}');
  writeFileSync(join(dir, 'App.template.json'), `{"Resources":{},"Synth":${synths}}`);
  writeFileSync(join(dir, 'App.assets.json'), '{"files":{"abc":{"source":{"path":"asset.abc","packaging":"zip"}}}}');
}

const start = () => synthesizeForStart(outdir, { projectRoot: root, synthesize: fakeSynthesis });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'eventful-start-'));
  outdir = join(root, 'cdk.out');
  synths = 0;
  write('infra/app.ts', 'app();\n');
  write('functions/a/handler.ts', 'export const handler = 1;\n');
  write('shared/events/catalog.ts', 'export const catalog = [];\n');
  write('package-lock.json', '{}');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('synthesizeForStart', () => {
  it('synthesizes from a fresh clone, then reuses the assembly while no source changed', async () => {
    expect(await start()).toBe('synthesized');
    expect(await start()).toBe('reused');
    expect(synths).toBe(1);
  });

  it.each([
    ['a handler', 'functions/a/handler.ts'],
    ['a shared module', 'shared/events/catalog.ts'],
    ['the infrastructure', 'infra/app.ts'],
    ['a new function', 'functions/b/handler.ts'],
    ['the installed dependencies', 'package-lock.json'],
  ])('synthesizes again when %s changed', async (_what, file) => {
    // Prepare
    await start();
    write(file, '// changed\n');

    // Act
    const outcome = await start();

    // Assess
    expect(outcome).toBe('synthesized');
    expect(synths).toBe(2);
  });

  it('synthesizes again when the assembly is no longer what the last start wrote (another cdk synth)', async () => {
    // Prepare
    await start();
    writeFileSync(join(outdir, 'App.template.json'), '{"Resources":{"Other":{}}}');

    // Act and assess
    expect(await start()).toBe('synthesized');
  });

  it('synthesizes again when an asset of the assembly is gone', async () => {
    // Prepare
    await start();
    rmSync(join(outdir, 'asset.abc'), { recursive: true });

    // Act and assess
    expect(await start()).toBe('synthesized');
  });
});
