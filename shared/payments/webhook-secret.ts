/**
 * The payment webhook's shared HMAC key: its name in the local environment. Infra tags the secret with the local
 * runtime's tags (`LOCAL_VALUE_FROM_ENV_TAG`, `LOCAL_DEFAULT_TAG` from @eventful/local) naming these.
 */

/** The environment variable `npm start` reads the webhook key from (e.g. the key a payment provider's sandbox shows). */
export const PAYMENT_WEBHOOK_SECRET_ENV = 'PAYMENT_WEBHOOK_SECRET';

/** The webhook key locally when PAYMENT_WEBHOOK_SECRET is unset. Not a secret: never used on AWS, where the value is generated. */
export const DEV_PAYMENT_WEBHOOK_SECRET = 'eventful-local-webhook-secret';

/** Event-store aggregate ids of webhook deliveries: `payment-webhook#<delivery id>` (flows contract). */
export const PAYMENT_WEBHOOK_AGGREGATE_PREFIX = 'payment-webhook#';
