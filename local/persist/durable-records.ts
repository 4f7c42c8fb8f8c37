import { readJsonFile, writeFileAtomic } from './durable-file.ts';

/**
 * Records kept by id in one JSON file (`{ "records": [...] }`), replaced atomically on every change: what is put
 * is on disk before `put` returns, so a kill right after it keeps it. For small sets of work in progress (pending
 * deliveries, unfinished invocations), not for logs.
 */
export class DurableRecords<T> {
  readonly #path: string;
  readonly #idOf: (record: T) => string;
  readonly #records = new Map<string, T>();

  constructor(path: string, idOf: (record: T) => string) {
    this.#path = path;
    this.#idOf = idOf;
    const stored = readJsonFile(path) as { records?: T[] } | undefined;
    for (const record of stored?.records ?? []) this.#records.set(idOf(record), record);
  }

  load(): T[] {
    return [...this.#records.values()];
  }

  put(record: T): void {
    this.#records.set(this.#idOf(record), record);
    this.#write();
  }

  remove(id: string): void {
    if (this.#records.delete(id)) this.#write();
  }

  #write(): void {
    writeFileAtomic(this.#path, JSON.stringify({ records: [...this.#records.values()] }));
  }
}
