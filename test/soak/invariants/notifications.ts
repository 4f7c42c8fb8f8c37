import type { CheckContext } from './context.ts';
import { fromViolations, groupBy, type InvariantResult } from './invariant.ts';

/** The events the notification rule sends on: one notification each. */
const NOTIFYING = new Set(['InventoryReserved', 'InventoryShortage', 'OrderPaid', 'PaymentFailed', 'OrderExpired']);

export function notificationInvariants({ stores }: CheckContext): InvariantResult[] {
  const notifying = stores.events.filter((event) => NOTIFYING.has(event.detailType));
  const byEvent = groupBy(stores.notifications, (item) => String(item.eventId));
  const violations = notifying
    .filter((event) => (byEvent.get(event.eventId)?.length ?? 0) !== 1)
    .map((event) => `${event.detailType} ${event.eventId}: ${byEvent.get(event.eventId)?.length ?? 0} notifications`);
  const known = new Set(notifying.map((event) => event.eventId));
  const strays = [...byEvent.keys()].filter((id) => !known.has(id)).map((id) => `notification for ${id}, which is no stored notifying event`);
  return [
    fromViolations('exactly one notification per notifying event', `${notifying.length} notifying events, ${stores.notifications.length} notifications`, [
      ...violations,
      ...strays,
    ]),
  ];
}
