/**
 * The order aggregate: its state folded from the event store, the decisions commands and events
 * lead to (pure functions returning catalog events), and the read model's shape.
 */
export { decideExpiry, decidePayment, decideReservation, type Decision, type ExpiryDecision, type ReservationDecision, type StockDecrement, type StockLevels } from './decisions.ts';
export { OrderNotFoundError, UnexpectedOrderEventError } from './errors.ts';
export { foldOrder, ORDER_AGGREGATE, type OrderState, type OrderStatus } from './order-state.ts';
export { AWAITING_PAYMENT_INDEX, fromOrderViewItem, toOrderView, toOrderViewItem, type OrderView, type OrderViewItem } from './order-view.ts';
export { commandHashOf, orderIdFor, PlaceOrderCommand, totalOf } from './place-order-command.ts';
