import type { CheckContext } from './context.ts';
import { fromViolations, type InvariantResult } from './invariant.ts';

/** Each webhook delivery id accepted (202) is applied exactly once: one PaymentReceived or PaymentFailed, whatever the redeliveries. */
export function webhookInvariants({ deliveries, stores }: CheckContext): InvariantResult[] {
  const applied = new Map<string, number>();
  for (const event of stores.events) {
    if (!event.aggregateId.startsWith('payment-webhook#')) continue;
    const id = event.aggregateId.slice('payment-webhook#'.length);
    applied.set(id, (applied.get(id) ?? 0) + 1);
  }
  const accepted = [...new Set(deliveries.filter((d) => d.status === 202).map((d) => d.id))];
  const refused = deliveries.filter((d) => d.status !== 202);
  const violations = [
    ...accepted.filter((id) => applied.get(id) !== 1).map((id) => `delivery ${id} applied ${applied.get(id) ?? 0} times`),
    ...refused.map((d) => `delivery ${d.id} (${d.kind}) answered ${d.status}`),
  ];
  const redeliveries = deliveries.filter((d) => d.kind === 'redeliver').length;
  return [
    fromViolations(
      'each webhook delivery id is applied exactly once (at most once, and none accepted is lost)',
      `${deliveries.length} deliveries sent (${redeliveries} redeliveries), ${accepted.length} distinct ids accepted`,
      violations,
    ),
  ];
}
