/**
 * Another writer appended to the aggregate after it was loaded: the command must be decided again on
 * the new state. Optimistic concurrency: the loser of a race gets this, never a lost update.
 */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';

  constructor(
    readonly aggregateId: string,
    readonly expectedVersion: number,
  ) {
    super(`${aggregateId} changed after version ${expectedVersion} was loaded: another writer appended first`);
  }
}

/**
 * One of the writes committed together with the events failed its condition (e.g. a stock decrement
 * found too little stock): nothing was written, neither the events nor the other writes.
 */
export class AppendConditionFailedError extends Error {
  override readonly name = 'AppendConditionFailedError';

  constructor(
    readonly aggregateId: string,
    /** Indexes, in `alongWith`, of the writes whose condition failed. */
    readonly failedWrites: readonly number[],
  ) {
    super(`Appending to ${aggregateId} was cancelled: the condition of write(s) ${failedWrites.join(', ')} committed with it failed`);
  }
}

/** An item of the event store table (or a stream image of one) lacks a field or has the wrong type. */
export class MalformedStoredEventError extends Error {
  override readonly name = 'MalformedStoredEventError';

  constructor(
    readonly problems: readonly string[],
    readonly aggregateId?: string,
  ) {
    super(`Malformed event store item${aggregateId ? ` of ${aggregateId}` : ''}: ${problems.join('; ')}`);
  }
}
