/*
 * The runtime's conventions an app applies in its CDK code (`@eventful/local/conventions`): plain constants, so
 * importing them at synthesis loads nothing of the runtime.
 */

/**
 * Tag naming the environment variable whose value a template secret has locally (Secrets Manager emulation):
 * `Tags.of(secret).add(LOCAL_VALUE_FROM_ENV_TAG, 'PAYMENT_WEBHOOK_SECRET')`.
 */
export const LOCAL_VALUE_FROM_ENV_TAG = 'eventful:local-value-from-env';

/** Tag holding a template secret's local value when that variable is unset: a documented, non-secret development default. */
export const LOCAL_DEFAULT_TAG = 'eventful:local-default';
