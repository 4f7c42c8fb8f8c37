import * as z from '../../shared/validation/zod.ts';
import { InventoryReserved, InventoryShortage, OrderExpired, OrderPaid, PaymentFailed, toProblems, type ValidationProblem } from '../../shared/events/index.ts';

/** The events a customer is told about, by detail-type. */
export const NotificationKind = z.enum([
  InventoryReserved.detailType,
  InventoryShortage.detailType,
  OrderPaid.detailType,
  PaymentFailed.detailType,
  OrderExpired.detailType,
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

/**
 * What the rule's input transformer sends instead of the whole event (infra/flows/orders-flow.ts):
 * `{"kind": <detail-type>, "eventId", "correlationId", "orderId": <detail.data.orderId>, "occurredAt"}`.
 */
export const NotificationInput = z.object({
  kind: NotificationKind,
  eventId: z.string().check(z.minLength(1)),
  correlationId: z.string().check(z.minLength(1)),
  orderId: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type NotificationInput = z.infer<typeof NotificationInput>;

/**
 * The invocation is not what the input transformer produces, e.g.
 * `InvalidNotificationInputError: orderId: Invalid input: expected string, received null`.
 */
export class InvalidNotificationInputError extends Error {
  override readonly name = 'InvalidNotificationInputError';

  constructor(readonly problems: ValidationProblem[]) {
    super(`The notification input is invalid: ${problems.map((p) => `${p.path || '(input)'}: ${p.message}`).join('; ')}`);
  }
}

/** @throws InvalidNotificationInputError naming each invalid field. */
export function parseNotificationInput(input: unknown): NotificationInput {
  const parsed = NotificationInput.safeParse(input);
  if (!parsed.success) throw new InvalidNotificationInputError(toProblems(parsed.error));
  return parsed.data;
}
