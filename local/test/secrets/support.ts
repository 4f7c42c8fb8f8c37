import type { SecretSpec } from '../../topology/types.ts';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';

/** A template secret as the loader reads it; `arn` ends with Secrets Manager's six-character suffix. */
export function secretSpec(overrides: Partial<SecretSpec> = {}): SecretSpec {
  const name = overrides.name ?? 'payment-webhook';
  return {
    stackName: 'Eventful',
    logicalId: 'PaymentWebhookSecret',
    path: 'Eventful/Orders/PaymentWebhookSecret/Resource',
    name,
    arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbC123`,
    tags: { 'eventful:local-value-from-env': 'PAYMENT_WEBHOOK_SECRET', 'eventful:local-default': 'eventful-local-webhook-secret' },
    generated: true,
    ...overrides,
  };
}
