import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `text` so that a reader (or a restart after SIGKILL or a crash) finds either the old
 * content or the new one, never a torn mix: the text goes to a temporary file beside it, is flushed to disk,
 * and is renamed over the old file (rename is atomic within one file system, POSIX `rename(2)`).
 * Synchronous on purpose: callers write a checkpoint before they move on, and the files are small.
 */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** The JSON in `path`, or `undefined` when there is no such file. A file that is not JSON is an error naming it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}): remove it to start that state afresh`, {
      cause: error,
    });
  }
}

/**
 * A file of one JSON value per line, appended to as things happen (an archive's events). A line cut short by a
 * crash mid-append is the last one: `readJsonLines` skips it, and the next append starts on a fresh line.
 */
export function readJsonLines(path: string): { values: unknown[]; tornTail: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: [], tornTail: false };
    throw error;
  }
  const lines = text.split('\n');
  const values: unknown[] = [];
  let tornTail = false;
  lines.forEach((line, index) => {
    if (line === '') return;
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      // Only the last line can be torn by a crash; anything else means the file was edited or is not ours.
      if (index < lines.length - 1) throw new Error(`${path}: line ${index + 1} is not valid JSON`, { cause: error });
      tornTail = true;
    }
  });
  return { values, tornTail };
}
