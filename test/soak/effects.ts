import type { CheckContext } from './invariants/context.ts';
import { activityCountDifferences, tallyActivity } from './invariants/activity.ts';
import { groupBy } from './invariants/invariant.ts';

/** Effects that happened twice and effects that never happened, counted from the stores. */
export interface EffectCounts {
  duplicated: Record<string, number>;
  lost: Record<string, number>;
}

export function countEffects(context: CheckContext): EffectCounts {
  const { stores, streams, orders, deliveries, putEvents, activity } = context;
  const paidTwice = [...streams.values()].reduce((sum, s) => sum + Math.max(0, s.count('OrderPaid') - 1), 0);
  const placedTwice = [...streams.values()].reduce((sum, s) => sum + Math.max(0, s.count('OrderPlaced') - 1), 0);
  const decidedTwice = [...streams.values()].reduce((sum, s) => sum + Math.max(0, s.count('InventoryReserved') + s.count('InventoryShortage') - 1), 0);
  const notificationsTwice = [...groupBy(stores.notifications, (n) => String(n.eventId)).values()].reduce((sum, g) => sum + g.length - 1, 0);
  const applied = groupBy(
    stores.events.filter((e) => e.aggregateId.startsWith('payment-webhook#')),
    (e) => e.aggregateId,
  );
  const deliveriesTwice = [...applied.values()].reduce((sum, g) => sum + g.length - 1, 0);
  const activityTally = tallyActivity(context);
  const activityCounts = activityCountDifferences(activityTally);

  const notifying = new Set(['InventoryReserved', 'InventoryShortage', 'OrderPaid', 'PaymentFailed', 'OrderExpired']);
  const notified = new Set(stores.notifications.map((n) => String(n.eventId)));
  const accepted = new Set(deliveries.filter((d) => d.status === 202).map((d) => d.id));
  return {
    duplicated: {
      'orders placed twice': placedTwice,
      'reservation decided twice': decidedTwice,
      'orders paid twice': paidTwice,
      'webhook deliveries applied twice': deliveriesTwice,
      'notifications sent twice': notificationsTwice,
      // A client's retry of POST /activity with the same Idempotency-Key writes the same records again (same ids):
      // that is the stream's at-least-once, not an effect. The effect is the count: more than once is a duplicate.
      'activity events counted more than once': activityCounts.over,
      'activity events written more often than the API acknowledged': Math.max(0, activityTally.distinct - activity.accepted),
    },
    lost: {
      'stored events never published': stores.events.filter((e) => !stores.archivedIds.has(e.eventId)).length,
      'accepted orders not stored': orders.placed.filter((o) => !streams.has(o.orderId)).length,
      'accepted webhook deliveries not applied': [...accepted].filter((id) => !applied.has(`payment-webhook#${id}`)).length,
      'notifying events without a notification': stores.events.filter((e) => notifying.has(e.detailType) && !notified.has(e.eventId)).length,
      'accepted activity events not in the stream': Math.max(0, activity.accepted - activityTally.distinct),
      'activity events in the stream not counted': activityCounts.under,
      'PutEvents entries accepted and not archived': putEvents.acceptedIds.filter((id) => !stores.archivedIds.has(id)).length,
    },
  };
}

export const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
