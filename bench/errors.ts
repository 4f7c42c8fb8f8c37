/** A benchmark that cannot run on this machine (e.g. no Java for DynamoDB Local): reported and skipped, not a crash. */
export class BenchmarkSkippedError extends Error {
  override readonly name = 'BenchmarkSkippedError';

  constructor(
    readonly benchmark: string,
    readonly reason: string,
  ) {
    super(`${benchmark} skipped: ${reason}`);
  }
}
