import { readJsonFile, writeFileAtomic } from '../persist/durable-file.ts';
import type { LastFireStore } from './types.ts';

/** Last fire times in one JSON file, replaced atomically on each fire. */
export class FileLastFireStore implements LastFireStore {
  readonly #path: string;
  readonly #fires: Record<string, number>;

  constructor(path: string) {
    this.#path = path;
    this.#fires = { ...((readJsonFile(path) as Record<string, number> | undefined) ?? {}) };
  }

  load(): Record<string, number> {
    return { ...this.#fires };
  }

  save(key: string, firedAtMs: number): void {
    this.#fires[key] = firedAtMs;
    writeFileAtomic(this.#path, JSON.stringify(this.#fires));
  }
}
