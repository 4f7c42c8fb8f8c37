/**
 * `BisectBatchOnFunctionError`: a batch the function failed is split in two and each half is retried, the first
 * to completion before the second, which keeps the shard's order. Halves are split again when they fail, so a
 * poison record ends up alone. Splitting does not count towards `MaximumRetryAttempts`.
 * https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 *
 * With an odd size the first half gets the extra record.
 */
export function bisect<T>(batch: readonly T[]): [T[], T[]] {
  const half = Math.ceil(batch.length / 2);
  return [batch.slice(0, half), batch.slice(half)];
}

/**
 * `ReportBatchItemFailures` on a stream: Lambda checkpoints before the lowest reported sequence number and retries
 * from there ("the batch is bisected at the returned sequence number"), so what is left to retry is the batch from
 * the first failed record on, whatever came after it. Reported ids are known to be in the batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 */
export function retryFromFirstFailure<T>(batch: readonly T[], failedIds: readonly string[], idOf: (item: T) => string): T[] {
  const failed = new Set(failedIds);
  const first = batch.findIndex((item) => failed.has(idOf(item)));
  return first === -1 ? [] : batch.slice(first);
}
