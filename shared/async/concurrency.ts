/** One input's outcome. */
export type Settled<T, R> = { input: T; ok: true; value: R } | { input: T; ok: false; error: unknown };

/**
 * The one bounded-concurrency loop: at most `limit` workers take the next input in order until none
 * is left or `stop()` says so; `work` must not throw.
 */
async function pool<T>(
  inputs: readonly T[],
  limit: number,
  work: (input: T, index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stop() && next < inputs.length) {
      const index = next++;
      await work(inputs[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
}

/**
 * Runs `fn` over `inputs` with at most `limit` calls in flight and settles every one (no call is
 * abandoned because another failed). Outcomes are in input order.
 *
 * @example
 * const outcomes = await mapConcurrently(parts, 8, (part) => mergeWindowPart(part));
 * const failed = outcomes.filter((outcome) => !outcome.ok);
 */
export async function mapConcurrently<T, R>(inputs: readonly T[], limit: number, fn: (input: T) => Promise<R>): Promise<Settled<T, R>[]> {
  const outcomes: Settled<T, R>[] = new Array(inputs.length);
  await pool(inputs, limit, async (input, index) => {
    try {
      outcomes[index] = { input, ok: true, value: await fn(input) };
    } catch (error) {
      outcomes[index] = { input, ok: false, error };
    }
  });
  return outcomes;
}

/**
 * Runs `fn` on every item with at most `limit` calls in flight, in input order of start.
 * After a failure no new call starts; the calls in flight are awaited, then the first error is thrown,
 * so nothing is still running when this returns or throws.
 *
 * @example
 * await forEachConcurrently(batches, 8, (batch) => write(batch));
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let failure: { error: unknown } | undefined;
  await pool(
    items,
    limit,
    async (item) => {
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    },
    () => failure !== undefined,
  );
  if (failure) throw failure.error;
}
