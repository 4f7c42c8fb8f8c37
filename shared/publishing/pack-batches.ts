/** The limits of one API call: how many items, and how many bytes in total. */
export interface BatchLimits {
  maxCount: number;
  /** Inclusive: a batch may weigh exactly this much. */
  maxBytes: number;
}

/**
 * Splits `items` into consecutive batches, each within `limits`, keeping the input order
 * (inside a batch and from one batch to the next). Greedy: a batch is closed when the next
 * item would break a limit, which is optimal for order-preserving packing.
 *
 * @param sizeOf the size in bytes of one item, as the target API counts it.
 * @throws RangeError when one item alone is over `limits.maxBytes`: callers reject or divert
 *   such items (claim check, typed error) before packing.
 * @example
 * packBatches(entries, putEventsEntrySize, { maxCount: PUT_EVENTS_MAX_ENTRIES, maxBytes: PUT_EVENTS_MAX_REQUEST_BYTES });
 */
export function packBatches<T>(items: readonly T[], sizeOf: (item: T) => number, limits: BatchLimits): T[][] {
  if (!Number.isInteger(limits.maxCount) || limits.maxCount < 1) throw new RangeError(`maxCount must be a positive integer, got ${limits.maxCount}`);
  const batches: T[][] = [];
  let batch: T[] = [];
  let batchBytes = 0;
  items.forEach((item, index) => {
    const size = sizeOf(item);
    if (size > limits.maxBytes) throw new RangeError(`Item ${index} is ${size} bytes, over the ${limits.maxBytes}-byte limit of a batch`);
    if (batch.length === limits.maxCount || batchBytes + size > limits.maxBytes) {
      batches.push(batch);
      batch = [];
      batchBytes = 0;
    }
    batch.push(item);
    batchBytes += size;
  });
  if (batch.length > 0) batches.push(batch);
  return batches;
}
