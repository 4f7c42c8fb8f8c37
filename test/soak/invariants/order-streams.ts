import type { StoredEvent } from '../stores.ts';
import { groupBy } from './invariant.ts';

export type OrderStatus = 'PLACED' | 'RESERVED' | 'REJECTED' | 'PAID' | 'EXPIRED';

/** One order as its stream in the event store tells it, folded independently of the app's own code. */
export interface OrderStream {
  orderId: string;
  events: StoredEvent[];
  status: OrderStatus;
  items: { sku: string; quantity: number }[];
  totalMinor: number;
  /** Whether its stock was taken (InventoryReserved) and not given back (OrderExpired). */
  holdsStock: boolean;
  count: (detailType: string) => number;
}

/**
 * The order streams of the event store (those that begin with `OrderPlaced`), folded by the domain's rules:
 * a reservation moves PLACED to RESERVED, a shortage rejects (even a paid order: it cannot be fulfilled), a
 * payment pays, an expiry expires and gives the reserved stock back.
 */
export function orderStreams(events: readonly StoredEvent[]): Map<string, OrderStream> {
  const streams = new Map<string, OrderStream>();
  for (const [aggregateId, stream] of groupBy(events, (event) => event.aggregateId)) {
    const sorted = [...stream].sort((a, b) => a.version - b.version);
    const placed = sorted[0];
    if (placed?.detailType !== 'OrderPlaced') continue;
    const data = placed.detail.data as { items: { sku: string; quantity: number }[]; totalMinor: number };
    let status: OrderStatus = 'PLACED';
    let reserved = false;
    for (const event of sorted.slice(1)) {
      if (event.detailType === 'InventoryReserved') {
        reserved = true;
        if (status === 'PLACED') status = 'RESERVED';
      } else if (event.detailType === 'InventoryShortage') {
        if (status !== 'EXPIRED') status = 'REJECTED';
      } else if (event.detailType === 'OrderPaid') status = 'PAID';
      else if (event.detailType === 'OrderExpired') {
        status = 'EXPIRED';
        reserved = false;
      }
    }
    streams.set(aggregateId, {
      orderId: aggregateId,
      events: sorted,
      status,
      items: data.items.map(({ sku, quantity }) => ({ sku, quantity })),
      totalMinor: data.totalMinor,
      holdsStock: reserved,
      count: (detailType) => sorted.filter((event) => event.detailType === detailType).length,
    });
  }
  return streams;
}
