import type { CheckContext } from './context.ts';
import { fromViolations, groupBy, type InvariantResult } from './invariant.ts';

/** Orders: one reservation decision each, a status that agrees with the stream, paid at most once and only when covered. */
export function orderInvariants({ orders, streams, stores }: CheckContext): InvariantResult[] {
  const placed = orders.placed;
  const decisions: string[] = [];
  const placedOnce: string[] = [];
  for (const order of placed) {
    const stream = streams.get(order.orderId);
    if (!stream) {
      placedOnce.push(`${order.orderId}: answered 201 but no stream`);
      continue;
    }
    if (stream.count('OrderPlaced') !== 1) placedOnce.push(`${order.orderId}: ${stream.count('OrderPlaced')} OrderPlaced`);
    const decided = stream.count('InventoryReserved') + stream.count('InventoryShortage');
    // An order expired before its stock was looked at is never decided: the expiry answered for it.
    if (decided !== 1 && !(decided === 0 && stream.status === 'EXPIRED')) decisions.push(`${order.orderId}: ${decided} reservation decisions`);
  }
  for (const replay of orders.replays) {
    if (replay.replayedOrderId !== replay.orderId) placedOnce.push(`${replay.idempotencyKey} answered ${replay.orderId}, then ${replay.replayedOrderId}`);
  }

  const views = new Map(stores.orderViews.map((view) => [String(view.orderId), view]));
  const statuses: string[] = [];
  const versions: string[] = [];
  for (const stream of streams.values()) {
    const view = views.get(stream.orderId);
    if (!view) {
      statuses.push(`${stream.orderId}: no view`);
      continue;
    }
    if (view.status !== stream.status) statuses.push(`${stream.orderId}: view ${String(view.status)}, stream ${stream.status}`);
    if (Number(view.version) !== stream.events.length) versions.push(`${stream.orderId}: view version ${String(view.version)}, ${stream.events.length} events`);
  }

  // PAID only with a covering payment: the PaymentReceived its OrderPaid was caused by, for the order's total.
  const payments = new Map(stores.events.filter((e) => e.detailType === 'PaymentReceived').map((e) => [e.eventId, e.detail.data]));
  const paid: string[] = [];
  const paidOnce: string[] = [];
  for (const stream of streams.values()) {
    const orderPaid = stream.events.filter((e) => e.detailType === 'OrderPaid');
    if (orderPaid.length > 1) paidOnce.push(`${stream.orderId}: paid ${orderPaid.length} times`);
    for (const event of orderPaid) {
      const cause = (event.detail.metadata as { causationId?: string }).causationId ?? '';
      const payment = payments.get(cause) as { orderId?: string; amountMinor?: number } | undefined;
      if (!payment || payment.orderId !== stream.orderId || (payment.amountMinor ?? 0) < stream.totalMinor) {
        paid.push(
          `${stream.orderId}: OrderPaid caused by ${cause}, which is ${payment ? `a payment of ${payment.amountMinor} for ${payment.orderId}` : 'no stored payment'}`,
        );
      }
    }
    if (stream.status === 'PAID' && orderPaid.length === 0) paid.push(`${stream.orderId}: PAID without OrderPaid`);
  }
  const byStatus = [...groupBy([...streams.values()], (s) => s.status)].map(([status, group]) => `${status} ${group.length}`).join(', ');
  return [
    fromViolations(
      'every order the API accepted was stored once, and the same Idempotency-Key names the same order',
      `${placed.length} orders accepted, ${orders.replays.length} requests replayed after their 201`,
      placedOnce,
    ),
    fromViolations('every order has exactly one reservation decision', `${placed.length} orders`, decisions),
    fromViolations("every order view's status agrees with its event stream", `${streams.size} order streams: ${byStatus}`, statuses),
    fromViolations("every order view's version equals the number of events in its stream", `${streams.size} views`, versions),
    fromViolations('PAID only with a covering payment of that order', `${[...streams.values()].filter((s) => s.status === 'PAID').length} paid orders`, paid),
    fromViolations('an order is paid at most once', `${streams.size} orders`, paidOnce),
  ];
}
