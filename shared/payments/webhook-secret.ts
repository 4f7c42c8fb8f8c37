/**
 * The payment webhook's shared HMAC key: its name in the local environment and the tags through which the local
 * runtime serves it (see local/secrets). Infra tags the secret with these; the runtime reads the tags back from
 * the synthesized template, so both sides share one spelling.
 */

/** The tag naming the environment variable whose value a template secret has locally. */
export const LOCAL_VALUE_FROM_ENV_TAG = 'eventful:local-value-from-env';

/** The tag holding a template secret's local value when that variable is unset: a documented, non-secret development default. */
export const LOCAL_DEFAULT_TAG = 'eventful:local-default';

/** The environment variable `npm start` reads the webhook key from (e.g. the key a payment provider's sandbox shows). */
export const PAYMENT_WEBHOOK_SECRET_ENV = 'PAYMENT_WEBHOOK_SECRET';

/** The webhook key locally when PAYMENT_WEBHOOK_SECRET is unset. Not a secret: never used on AWS, where the value is generated. */
export const DEV_PAYMENT_WEBHOOK_SECRET = 'eventful-local-webhook-secret';

/** Event-store aggregate ids of webhook deliveries: `payment-webhook#<delivery id>` (flows contract). */
export const PAYMENT_WEBHOOK_AGGREGATE_PREFIX = 'payment-webhook#';
