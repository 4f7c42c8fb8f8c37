import type { StoredEvent } from '../event-store/index.ts';

/** An order's stream holds an event that cannot be there. */
export class UnexpectedOrderEventError extends Error {
  override readonly name = 'UnexpectedOrderEventError';

  constructor(event: StoredEvent, why: string) {
    super(`${event.detailType} ${event.eventId} at version ${event.version} of ${event.aggregateId}: ${why}`);
  }
}
