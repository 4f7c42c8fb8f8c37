import type { StoredEvent } from '../event-store/index.ts';

/** An order's stream holds an event that cannot be there. */
export class UnexpectedOrderEventError extends Error {
  override readonly name = 'UnexpectedOrderEventError';

  constructor(event: StoredEvent, why: string) {
    super(`${event.detailType} ${event.eventId} at version ${event.version} of ${event.aggregateId}: ${why}`);
  }
}

/**
 * A command or event names an order that has no stream in the event store. The store is read
 * strongly consistently and the relay publishes only stored events, so no retry will make it appear.
 */
export class OrderNotFoundError extends Error {
  override readonly name = 'OrderNotFoundError';

  constructor(
    readonly orderId: string,
    context: string,
  ) {
    super(`Order ${orderId} does not exist in the event store (${context})`);
  }
}
