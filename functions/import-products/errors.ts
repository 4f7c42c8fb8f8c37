/**
 * Thrown when DynamoDB still leaves items unprocessed after every retry (sustained throttling).
 * An AWS failure, not a row's: the whole file is retried (the SQS message comes back), which is
 * safe because writes and events are idempotent.
 *
 * `ProductsWriteError: 3 products not written to table Products after 10 attempts (UnprocessedItems): SKU-1, SKU-2, SKU-3`
 */
export class ProductsWriteError extends Error {
  override readonly name = 'ProductsWriteError';

  constructor(
    readonly tableName: string,
    readonly skus: readonly string[],
    attempts: number,
  ) {
    const shown = skus.length <= 5 ? skus.join(', ') : `${skus.slice(0, 5).join(', ')} and ${skus.length - 5} more`;
    super(`${skus.length} products not written to table ${tableName} after ${attempts} attempts (UnprocessedItems): ${shown}`);
  }
}

/** Thrown when S3 answers GetObject without a Node.js stream body (never expected in Lambda). */
export class UnreadableBodyError extends Error {
  override readonly name = 'UnreadableBodyError';

  constructor(readonly location: string) {
    super(`GetObject ${location} returned no readable stream body`);
  }
}
