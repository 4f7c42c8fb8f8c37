import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFile, readJsonLines, writeFileAtomic } from '../../persist/durable-file.ts';

describe('durable files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eventful-durable-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a file whole, creating its folder, and leaves no temporary file', () => {
    // Prepare
    const path = join(dir, 'nested', 'state.json');

    // Act
    writeFileAtomic(path, '{"a":1}');
    writeFileAtomic(path, '{"a":2}');

    // Assess
    expect(readJsonFile(path)).toEqual({ a: 2 });
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('reads a missing file as undefined and names a file that is not JSON', () => {
    // Prepare
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"a":');

    // Act / Assess
    expect(readJsonFile(join(dir, 'absent.json'))).toBeUndefined();
    expect(() => readJsonFile(path)).toThrow(`${path} is not valid JSON`);
  });

  it('skips a last line torn by a kill, and refuses a bad line before it', () => {
    // Prepare
    const torn = join(dir, 'torn.jsonl');
    const edited = join(dir, 'edited.jsonl');
    writeFileSync(torn, '{"n":1}\n{"n":2}\n{"n":');
    writeFileSync(edited, '{"n":1}\nnot json\n{"n":3}\n');

    // Act / Assess
    expect(readJsonLines(torn)).toEqual({ values: [{ n: 1 }, { n: 2 }], tornTail: true });
    expect(readJsonLines(join(dir, 'absent.jsonl'))).toEqual({ values: [], tornTail: false });
    expect(() => readJsonLines(edited)).toThrow(`${edited}: line 2 is not valid JSON`);
  });
});
