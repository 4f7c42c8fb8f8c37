import { DurableRecords } from '../persist/durable-records.ts';
import type { AsyncInvocationStore, StoredAsyncInvocation } from './async-invocations.ts';

/**
 * Accepted, unfinished asynchronous invocations in one JSON file, replaced atomically on every change, so a
 * restart (even after SIGKILL) runs each of them again from its last recorded attempt: at least once, never lost.
 * An attempt running when the process was killed is made again.
 */
export class FileAsyncInvocationStore extends DurableRecords<StoredAsyncInvocation> implements AsyncInvocationStore {
  constructor(path: string) {
    super(path, (invocation) => invocation.requestId);
  }
}
