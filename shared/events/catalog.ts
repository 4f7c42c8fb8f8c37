import type { EventDefinition } from './define-event.ts';
import { UnknownEventTypeError } from './errors.ts';
import { ActivitySummarized, ProductTrending } from './catalog/activity.ts';
import { InventoryReserved, InventoryShortage, OrderExpired, OrderPaid, OrderPlaced } from './catalog/orders.ts';
import { PaymentFailed, PaymentReceived, PaymentRequiresAttention } from './catalog/payments.ts';
import { ProductImported } from './catalog/products.ts';

/** Every event type of the system. Adding an event means adding it here. */
export const catalog = [
  OrderPlaced,
  InventoryReserved,
  InventoryShortage,
  PaymentReceived,
  PaymentFailed,
  PaymentRequiresAttention,
  OrderPaid,
  OrderExpired,
  ProductImported,
  ProductTrending,
  ActivitySummarized,
] as const satisfies readonly EventDefinition[];

export type CatalogDefinition = (typeof catalog)[number];
export type DetailType = CatalogDefinition['detailType'];

const byDetailType = new Map<string, CatalogDefinition>(catalog.map((d) => [d.detailType, d]));

/** @throws UnknownEventTypeError listing the known types. */
export function definitionOf(detailType: string): CatalogDefinition {
  const definition = byDetailType.get(detailType);
  if (!definition) throw new UnknownEventTypeError(detailType, [...byDetailType.keys()]);
  return definition;
}
