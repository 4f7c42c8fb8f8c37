/**
 * The order aggregate: its state folded from the event store, the decisions commands and events
 * lead to (pure functions returning catalog events), and the read model's shape.
 */
export {
  decideExpiry,
  decidePayment,
  decideUnknownOrderPayment,
  decideReservation,
  type Decision,
  type PaymentDecision,
  type ExpiryDecision,
  type ReservationDecision,
  type StockDecrement,
  type StockLevels,
} from './decisions.ts';
export { OrderNotFoundError, UnexpectedOrderEventError } from './errors.ts';
export { foldOrder, ORDER_AGGREGATE, type OrderState, type OrderStatus } from './order-state.ts';
export {
  AWAITING_PAYMENT_INDEX,
  AWAITING_PAYMENT_INDEX_KEY,
  NOTIFICATIONS_TABLE_KEY,
  ORDERS_TABLE_KEY,
  fromOrderViewItem,
  toHttpOrderView,
  toOrderView,
  toOrderViewItem,
  type HttpOrderView,
  type OrderView,
  type OrderViewItem,
} from './order-view.ts';
export { commandHashOf, orderIdFor, placeOrderCommandSchema, totalMinorOf, type PlaceOrderCommand } from './place-order-command.ts';
export { priceOrder, type CatalogPrice, type CatalogPrices, type CurrentPrice, type PricingDecision } from './price-order.ts';
export { PAYMENT_ATTENTION_AGGREGATE, paymentAttentionStreamOf } from './payment-attention.ts';
