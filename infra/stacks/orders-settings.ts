import type { IConstruct } from 'constructs';
import type { OrdersFlowProps } from '../flows/orders-flow.ts';
import { numbersFromContext } from './context-settings.ts';

/** The context keys of the orders flow's settings: `npx cdk synth -c eventful:paymentWindowMinutes=1`. */
export const ORDERS_CONTEXT_KEYS = {
  paymentWindowMinutes: 'eventful:paymentWindowMinutes',
} as const;

export type OrdersSettings = Pick<OrdersFlowProps, 'paymentWindowMinutes'>;

/**
 * The orders flow's settings from the app context, e.g. a one-minute payment window so that a soak sees orders
 * expire: absent keys keep the flow's defaults.
 *
 * @throws ConstructUsageError naming the key when a value is not a number.
 */
export function ordersSettingsFromContext(scope: IConstruct): OrdersSettings {
  return numbersFromContext(scope, ORDERS_CONTEXT_KEYS);
}
