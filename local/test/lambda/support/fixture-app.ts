import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FunctionSpec } from '../../../topology/types.ts';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';

/** The project's own node_modules, where bundles resolve the `@aws-sdk/*` they leave external. */
const PROJECT_NODE_MODULES = resolve(import.meta.dirname, '../../../../node_modules');

export interface FixtureApp {
  root: string;
  /** Writes a bundle (`index.mjs`, `index.js`, …) as its own asset folder and returns the function's spec. */
  bundle(name: string, files: Record<string, string>, overrides?: Partial<FunctionSpec>): FunctionSpec;
  remove(): void;
}

/**
 * A temporary project laid out like ours: a `package.json` with `"type": "module"` at the root (so a CommonJS
 * `index.js` in cdk.out would be misread as an ES module if the runtime let Node look above the task root),
 * `node_modules` linked to the real one, and one asset folder per function under `cdk.out/`.
 */
export function fixtureApp(): FixtureApp {
  const root = mkdtempSync(join(tmpdir(), 'eventful-lambda-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture-app', type: 'module' }));
  symlinkSync(PROJECT_NODE_MODULES, join(root, 'node_modules'), 'dir');
  return {
    root,
    bundle(name, files, overrides = {}) {
      const codeDir = join(root, 'cdk.out', `asset.${name}`);
      mkdirSync(codeDir, { recursive: true });
      for (const [file, source] of Object.entries(files)) writeFileSync(join(codeDir, file), source);
      return functionSpec(name, codeDir, overrides);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function functionSpec(name: string, codeDir: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    stackName: 'FixtureStack',
    logicalId: `${name.replace(/[^A-Za-z0-9]/g, '')}Function`,
    name,
    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
    handler: 'index.handler',
    codeDir,
    runtime: 'nodejs24.x',
    architecture: 'arm64',
    timeoutSeconds: 5,
    memoryMb: 256,
    environment: {},
    asyncConfig: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600, destinations: {} },
    logGroupName: `/aws/lambda/${name}`,
    ...overrides,
  };
}
