import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonLines, writeFileAtomic } from '../persist/durable-file.ts';
import type { ArchivedEvent, ArchiveJournal } from './local-archive.ts';

/**
 * An archive's events on disk, one JSON line each (`<dir>/<archive name>.jsonl`), appended as they are archived,
 * so the archive survives a restart as it does on AWS. A line torn by a kill mid-append is dropped when the
 * journal is loaded (that event was never acknowledged as archived before the kill finished it), and the file is
 * rewritten whole, without it and without expired events, before anything is appended again.
 */
export class FileArchiveJournal implements ArchiveJournal {
  readonly #path: string;

  constructor(dir: string, archiveName: string) {
    mkdirSync(dir, { recursive: true });
    this.#path = join(dir, `${archiveName.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`);
  }

  load(): ArchivedEvent[] {
    return readJsonLines(this.#path).values as ArchivedEvent[];
  }

  replaceAll(events: readonly ArchivedEvent[]): void {
    writeFileAtomic(this.#path, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
  }

  append(event: ArchivedEvent): void {
    // One write call per line: a kill leaves at most this line torn, never an earlier one.
    appendFileSync(this.#path, `${JSON.stringify(event)}\n`);
  }
}
