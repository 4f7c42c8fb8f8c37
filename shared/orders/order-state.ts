import type { OrderLine } from '../events/catalog/common.ts';
import type { EventData, InventoryShortage, OrderPaid, OrderPlaced } from '../events/index.ts';
import type * as z from '../validation/zod.ts';
import type { StoredEvent } from '../event-store/index.ts';
import { UnexpectedOrderEventError } from './errors.ts';

export type OrderStatus = 'PLACED' | 'RESERVED' | 'REJECTED' | 'PAID' | 'EXPIRED';

/** The aggregate type of order streams in the event store. */
export const ORDER_AGGREGATE = 'order';

/** An order as its events tell it. */
export interface OrderState {
  orderId: string;
  customerId: string;
  items: z.infer<typeof OrderLine>[];
  /** In minor units of `currency`. */
  totalMinor: number;
  currency: string;
  paymentDeadline: string;
  placedAt: string;
  status: OrderStatus;
  /** The number of events applied, i.e. the version of the last one. */
  version: number;
  updatedAt: string;
  /** Stock is held for the order (InventoryReserved and not released by an expiry). */
  stockReserved: boolean;
  /** Set once inventory answered: reserved or short. */
  inventoryDecided: boolean;
  shortages?: EventData<typeof InventoryShortage>['shortages'];
  payment?: { paymentId: string; amountMinor: number; currency: string; paidAt: string };
  expiredAt?: string;
  /** The events (ids) that caused the events of this order: a cause seen here was already handled. */
  handledCauses: ReadonlySet<string>;
  correlationId: string;
  commandHash?: string;
}

/**
 * Folds an order's stored events, oldest first, into its state; `undefined` when there is no order
 * (no events). Events are read at their current schema version (the event store upcasts older ones).
 * PaymentRequiresAttention only counts as a version. Statuses: PLACED → RESERVED | REJECTED, PLACED | RESERVED → PAID, PLACED | RESERVED → EXPIRED.
 * A payment recorded before inventory answered keeps the order PAID when stock is then reserved.
 *
 * @throws UnexpectedOrderEventError when the stream does not start with OrderPlaced or holds a foreign event.
 */
export function foldOrder(events: readonly StoredEvent[]): OrderState | undefined {
  const [first, ...rest] = events;
  if (!first) return undefined;
  if (first.detailType !== 'OrderPlaced') throw new UnexpectedOrderEventError(first, 'the first event of an order must be OrderPlaced');
  const placed = first.detail.data as EventData<typeof OrderPlaced>;
  let state: OrderState = {
    orderId: placed.orderId,
    customerId: placed.customerId,
    items: placed.items,
    totalMinor: placed.totalMinor,
    currency: placed.currency,
    paymentDeadline: placed.paymentDeadline,
    placedAt: first.occurredAt,
    status: 'PLACED',
    version: first.version,
    updatedAt: first.occurredAt,
    stockReserved: false,
    inventoryDecided: false,
    handledCauses: causesOf([first]),
    correlationId: first.correlationId,
    ...(first.commandHash ? { commandHash: first.commandHash } : {}),
  };
  for (const event of rest) state = apply(state, event);
  return { ...state, handledCauses: causesOf(events) };
}

function apply(state: OrderState, event: StoredEvent): OrderState {
  const next = { ...state, version: event.version, updatedAt: event.occurredAt };
  switch (event.detailType) {
    case 'InventoryReserved':
      return { ...next, stockReserved: true, inventoryDecided: true, status: state.status === 'PLACED' ? 'RESERVED' : state.status };
    case 'InventoryShortage': {
      const { shortages } = event.detail.data as EventData<typeof InventoryShortage>;
      // A shortage rejects the order even if it was paid meanwhile: it cannot be fulfilled (refunds are out of scope).
      return { ...next, inventoryDecided: true, shortages, status: state.status === 'EXPIRED' ? 'EXPIRED' : 'REJECTED' };
    }
    case 'OrderPaid': {
      const { paymentId, amountMinor, currency } = event.detail.data as EventData<typeof OrderPaid>;
      return { ...next, status: 'PAID', payment: { paymentId, amountMinor, currency, paidAt: event.occurredAt } };
    }
    case 'PaymentRequiresAttention': {
      // Raised for a person; the order itself does not change (its cause is remembered in handledCauses).
      return next;
    }
    case 'OrderExpired':
      return { ...next, status: 'EXPIRED', stockReserved: false, expiredAt: event.occurredAt };
    default:
      throw new UnexpectedOrderEventError(event, 'not an order event');
  }
}

function causesOf(events: readonly StoredEvent[]): ReadonlySet<string> {
  return new Set(events.flatMap((event) => (event.detail.metadata.causationId ? [event.detail.metadata.causationId] : [])));
}
