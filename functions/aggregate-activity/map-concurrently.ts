/** One input's outcome. */
export type Settled<T, R> = { input: T; ok: true; value: R } | { input: T; ok: false; error: unknown };

/**
 * Runs `fn` over `inputs` with at most `limit` calls in flight and settles every one (no call is
 * abandoned because another failed). Outcomes are in input order.
 */
export async function mapConcurrently<T, R>(inputs: readonly T[], limit: number, fn: (input: T) => Promise<R>): Promise<Settled<T, R>[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const outcomes: Settled<T, R>[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      const input = inputs[index] as T;
      try {
        outcomes[index] = { input, ok: true, value: await fn(input) };
      } catch (error) {
        outcomes[index] = { input, ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return outcomes;
}
