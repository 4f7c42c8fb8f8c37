export interface WaitUntilOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** Stops waiting at once, rejecting with the signal's reason (e.g. the engine's process exited). */
  signal?: AbortSignal;
}

/**
 * Calls `probe` until it resolves, and returns its value. Rejects with the last probe error when
 * the time is up, or with the signal's reason when aborted.
 */
export async function waitUntil<T>(probe: () => Promise<T>, { timeoutMs, intervalMs = 50, signal }: WaitUntilOptions): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    signal?.throwIfAborted();
    if (Date.now() + intervalMs > deadline) {
      throw new Error(`no answer after ${timeoutMs} ms (last error: ${describe(lastError)})`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
