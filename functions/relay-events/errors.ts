import { errorMessageOf } from '../../shared/errors/describe-error.ts';

/**
 * Not one record of the batch could be relayed: thrown (a function error) rather than reporting every
 * record as failed, so the event source mapping bisects the batch (BisectBatchOnFunctionError) and a
 * poison record ends up alone instead of holding back the records behind it.
 */
export class RelayStoppedError extends Error {
  override readonly name = 'RelayStoppedError';

  constructor(
    readonly sequenceNumber: string,
    readonly batchSize: number,
    cause: unknown,
  ) {
    super(`Nothing of the ${batchSize}-record batch was relayed: record ${sequenceNumber} failed: ${errorMessageOf(cause)}`, { cause });
  }
}
