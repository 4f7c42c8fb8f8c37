/**
 * Runs `fn` once per key within one invocation (a batch), sharing its promise with every later
 * record of the same key; a new invocation starts afresh. A failure is shared too, so every record
 * of that key is retried together.
 *
 * Lambda runs one invocation at a time per execution environment, and batch handlers process
 * records one at a time, so one current invocation is all there is to remember.
 */
export function oncePerBatch<T>(fn: (key: string) => Promise<T>): (invocationId: string, key: string) => Promise<{ result: T; first: boolean }> {
  let current: { invocationId: string; results: Map<string, Promise<T>> } | undefined;
  return async (invocationId, key) => {
    if (current?.invocationId !== invocationId) current = { invocationId, results: new Map() };
    const known = current.results.get(key);
    if (known) return { result: await known, first: false };
    const started = fn(key);
    current.results.set(key, started);
    return { result: await started, first: true };
  };
}
