import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moduleFormatInTaskRoot } from '../../lambda/worker/module-format.ts';

const project = mkdtempSync(join(tmpdir(), 'eventful-format-'));
writeFileSync(join(project, 'package.json'), '{"type":"module"}');
afterAll(() => rmSync(project, { recursive: true, force: true }));

let assets = 0;
function taskRoot(files: Record<string, string>): string {
  const root = join(project, 'cdk.out', `asset.${++assets}`);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), source);
  }
  return root;
}

describe('moduleFormatInTaskRoot', () => {
  it.each([
    ['CommonJS index.js, ignoring the project package.json above the task root', { 'index.js': 'exports.handler = 1;' }, 'index.js', 'commonjs'],
    ['index.js using import/export with no package.json (syntax detection)', { 'index.js': 'export const handler = 1;' }, 'index.js', 'module'],
    ['index.js using top-level await', { 'index.js': 'const x = await Promise.resolve(1); module.exports = x;' }, 'index.js', 'module'],
    ['index.js under the bundle own "type": "module"', { 'index.js': 'exports.x = 1;', 'package.json': '{"type":"module"}' }, 'index.js', 'module'],
    ['index.js under the bundle own "type": "commonjs"', { 'index.js': 'export const x = 1;', 'package.json': '{"type":"commonjs"}' }, 'index.js', 'commonjs'],
    ['a nested .js under the bundle package.json', { 'lib/util.js': 'exports.x = 1;', 'package.json': '{"type":"module"}' }, 'lib/util.js', 'module'],
    ['index.mjs', { 'index.mjs': 'exports.x = 1;' }, 'index.mjs', 'module'],
    ['index.cjs', { 'index.cjs': 'export const x = 1;' }, 'index.cjs', 'commonjs'],
  ])('reads %s', (_, files, file, expected) => {
    // Prepare
    const root = taskRoot(files);

    // Act
    const format = moduleFormatInTaskRoot(join(root, file), root);

    // Assess
    expect(format).toBe(expected);
  });
});
