import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workerEntry } from '../../lambda/worker-entry.ts';

describe('the worker bootstrap as one plain module', () => {
  it('is built once per process, named after its content', () => {
    const first = workerEntry();
    const again = workerEntry();

    expect(again).toBe(first);
    expect(fileURLToPath(first)).toMatch(/eventful-lambda-worker\/bootstrap-[0-9a-f]{16}\.mjs$/);
  });

  it('runs without type stripping and imports nothing but Node built-ins', () => {
    const file = fileURLToPath(workerEntry());

    // --check parses without running; with type stripping off, any TypeScript left in it is a syntax error.
    execFileSync(process.execPath, ['--no-experimental-strip-types', '--check', file]);
    const imports = [...readFileSync(file, 'utf8').matchAll(/^import .* from ["']([^"']+)["'];?$/gm)].map((match) => match[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((specifier) => !specifier?.startsWith('node:'))).toEqual([]);
  });
});
