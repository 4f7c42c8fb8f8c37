import { ConcurrencyConflictError, type EventStore } from '../../shared/event-store/index.ts';
import { createEvent, OrderPlaced } from '../../shared/events/index.ts';
import {
  commandHashOf,
  foldOrder,
  ORDER_AGGREGATE,
  orderIdFor,
  priceOrder,
  type CatalogPrices,
  type CurrentPrice,
  type PlaceOrderCommand,
} from '../../shared/orders/index.ts';
import type { ValidationProblem } from '../../shared/events/index.ts';

export interface PlaceOrderRequest {
  command: PlaceOrderCommand;
  /** The validated `Idempotency-Key`, if the client sent one. */
  idempotencyKey: string | undefined;
  /** The request's correlation id, carried by OrderPlaced and everything it causes. */
  correlationId: string;
}

export interface PlaceOrderDeps {
  store: EventStore;
  /** The catalog's current prices of the SKUs asked for (the Products table, read at order time). */
  readPrices: (skus: readonly string[]) => Promise<CatalogPrices>;
  paymentWindowMinutes: number;
  currency: string;
  /** @default the current time */
  now?: () => Date;
}

export type PlaceOrderOutcome =
  /** OrderPlaced was stored (the outbox relay publishes it). */
  | { kind: 'placed'; orderId: string; version: number; totalMinor: number }
  /** The same command with the same key was placed before: nothing new was stored. */
  | { kind: 'replayed'; orderId: string }
  /** The key was used before for a different command: nothing was stored. */
  | { kind: 'key-reused'; orderId: string }
  /** A SKU the catalog cannot sell: nothing was stored. */
  | { kind: 'unknown-skus'; problems: ValidationProblem[] }
  /** A price the client saw is not the catalog's: nothing was stored. */
  | { kind: 'prices-changed'; problems: ValidationProblem[]; prices: CurrentPrice[] };

/**
 * Places an order: prices every line from the catalog, then appends OrderPlaced (with those prices,
 * in minor units) at version 1 of the order's stream. Never publishes: the outbox relay publishes
 * what the event store stored, so the event is on the bus iff it was stored.
 *
 * With an `Idempotency-Key`, the order id is derived from it, so a retry targets the same stream and
 * the conditional write on version 1 fails; the stored command fingerprint then tells a retry (same
 * body: `replayed`) from a reuse of the key for another order (`key-reused`).
 */
export async function placeOrder({ command, idempotencyKey, correlationId }: PlaceOrderRequest, deps: PlaceOrderDeps): Promise<PlaceOrderOutcome> {
  const now = deps.now?.() ?? new Date();
  const orderId = orderIdFor(idempotencyKey, command.customerId);
  const commandHash = commandHashOf(command);
  const pricing = priceOrder(command, await deps.readPrices(command.items.map(({ sku }) => sku)), deps.currency);
  if (pricing.kind !== 'priced') {
    // A retry of an order placed before the catalog changed is still that order, not a new request.
    if (idempotencyKey !== undefined) return (await placedBefore(orderId, commandHash, deps.store)) ?? pricing;
    return pricing;
  }
  const placed = createEvent(
    OrderPlaced,
    {
      orderId,
      customerId: command.customerId,
      items: pricing.items,
      totalMinor: pricing.totalMinor,
      currency: deps.currency,
      paymentDeadline: new Date(now.getTime() + deps.paymentWindowMinutes * 60_000).toISOString(),
    },
    // An original request: no cause. The idempotency key names the operation "place this order".
    { correlationId, causationId: null, idempotencyKey: `order#${orderId}`, occurredAt: now },
  );

  try {
    const [stored] = await deps.store.append({ aggregateId: orderId, aggregateType: ORDER_AGGREGATE, expectedVersion: 0, events: [placed], commandHash });
    return { kind: 'placed', orderId, version: stored?.version ?? 1, totalMinor: pricing.totalMinor };
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
  }

  // The stream exists: the order was placed before. Events are never deleted, so it is there to load.
  return (await placedBefore(orderId, commandHash, deps.store)) ?? { kind: 'key-reused', orderId };
}

/** The answer for an order id whose stream exists: a retry of the same command, or a reuse of its key. */
async function placedBefore(orderId: string, commandHash: string, store: EventStore): Promise<PlaceOrderOutcome | undefined> {
  const existing = foldOrder(await store.load(orderId));
  if (!existing) return undefined;
  return existing.commandHash === commandHash ? { kind: 'replayed', orderId } : { kind: 'key-reused', orderId };
}
