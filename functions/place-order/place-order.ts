import { ConcurrencyConflictError, type EventStore } from '../../shared/event-store/index.ts';
import { createEvent, OrderPlaced } from '../../shared/events/index.ts';
import { commandHashOf, foldOrder, ORDER_AGGREGATE, orderIdFor, totalOf, type PlaceOrderCommand } from '../../shared/orders/index.ts';

export interface PlaceOrderRequest {
  command: PlaceOrderCommand;
  /** The validated `Idempotency-Key`, if the client sent one. */
  idempotencyKey: string | undefined;
  /** The request's correlation id, carried by OrderPlaced and everything it causes. */
  correlationId: string;
}

export interface PlaceOrderDeps {
  store: EventStore;
  paymentWindowMinutes: number;
  currency: string;
  /** @default the current time */
  now?: () => Date;
}

export type PlaceOrderOutcome =
  /** OrderPlaced was stored (the outbox relay publishes it). */
  | { kind: 'placed'; orderId: string; version: number }
  /** The same command with the same key was placed before: nothing new was stored. */
  | { kind: 'replayed'; orderId: string }
  /** The key was used before for a different command: nothing was stored. */
  | { kind: 'key-reused'; orderId: string };

/**
 * Places an order: appends OrderPlaced at version 1 of the order's stream. Never publishes: the
 * outbox relay publishes what the event store stored, so the event is on the bus iff it was stored.
 *
 * With an `Idempotency-Key`, the order id is derived from it, so a retry targets the same stream and
 * the conditional write on version 1 fails; the stored command fingerprint then tells a retry (same
 * body: `replayed`) from a reuse of the key for another order (`key-reused`).
 */
export async function placeOrder({ command, idempotencyKey, correlationId }: PlaceOrderRequest, deps: PlaceOrderDeps): Promise<PlaceOrderOutcome> {
  const now = deps.now?.() ?? new Date();
  const orderId = orderIdFor(idempotencyKey, command.customerId);
  const commandHash = commandHashOf(command);
  const placed = createEvent(
    OrderPlaced,
    {
      orderId,
      customerId: command.customerId,
      items: command.items,
      total: totalOf(command.items),
      currency: deps.currency,
      paymentDeadline: new Date(now.getTime() + deps.paymentWindowMinutes * 60_000).toISOString(),
    },
    // An original request: no cause. The idempotency key names the operation "place this order".
    { correlationId, causationId: null, idempotencyKey: `order#${orderId}`, occurredAt: now },
  );

  try {
    const [stored] = await deps.store.append({ aggregateId: orderId, aggregateType: ORDER_AGGREGATE, expectedVersion: 0, events: [placed], commandHash });
    return { kind: 'placed', orderId, version: stored?.version ?? 1 };
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
  }

  // The stream exists: the order was placed before. Events are never deleted, so it is there to load.
  const existing = foldOrder(await deps.store.load(orderId));
  if (existing?.commandHash === commandHash) return { kind: 'replayed', orderId };
  return { kind: 'key-reused', orderId };
}
