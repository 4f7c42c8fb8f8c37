/**
 * The Powertools metric payment-webhook adds for a delivery id reused with a different body (answered
 * 409): infra/flows/orders-flow.ts alarms on it, so both read the name from here.
 */
export const WEBHOOK_DELIVERY_CONFLICTS_METRIC = 'WebhookDeliveryConflicts';

/** The Powertools service name of the webhook function: the `service` dimension of its metrics. */
export const PAYMENT_WEBHOOK_SERVICE = 'payment-webhook';
