import { readJsonFile, writeFileAtomic } from '../persist/durable-file.ts';
import type { AsyncInvocationStore, StoredAsyncInvocation } from './async-invocations.ts';

/**
 * Accepted, unfinished asynchronous invocations in one JSON file, replaced atomically on every change, so a
 * restart (even after SIGKILL) runs each of them again from its last recorded attempt: at least once, never lost.
 * An attempt running when the process was killed is made again.
 */
export class FileAsyncInvocationStore implements AsyncInvocationStore {
  readonly #path: string;
  readonly #pending = new Map<string, StoredAsyncInvocation>();

  constructor(path: string) {
    this.#path = path;
    const stored = readJsonFile(path) as { invocations?: StoredAsyncInvocation[] } | undefined;
    for (const invocation of stored?.invocations ?? []) this.#pending.set(invocation.requestId, invocation);
  }

  load(): StoredAsyncInvocation[] {
    return [...this.#pending.values()];
  }

  put(invocation: StoredAsyncInvocation): void {
    this.#pending.set(invocation.requestId, invocation);
    this.#write();
  }

  remove(requestId: string): void {
    if (this.#pending.delete(requestId)) this.#write();
  }

  #write(): void {
    writeFileAtomic(this.#path, JSON.stringify({ invocations: [...this.#pending.values()] }));
  }
}
