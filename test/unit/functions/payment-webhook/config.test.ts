import { describe, expect, it } from 'vitest';
import { loadPaymentWebhookConfig } from '../../../../functions/payment-webhook/config.ts';
import { ConfigError } from '../../../../shared/runtime/index.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:PaymentWebhookSecret-AbC123';

describe('payment-webhook config', () => {
  it.each([
    ['an ARN', ARN],
    ['a name', 'eventful/payment-webhook'],
  ])('reads the event store table and the secret, named by %s', (_, secretId) => {
    // Act
    const config = loadPaymentWebhookConfig({ EVENT_STORE_TABLE: 'EventStore', PAYMENT_WEBHOOK_SECRET_ARN: secretId });

    // Assess
    expect(config).toEqual({ eventStoreTable: 'EventStore', secretId });
  });

  it.each([
    [{ PAYMENT_WEBHOOK_SECRET_ARN: ARN }, 'EVENT_STORE_TABLE: required but not set'],
    [{ EVENT_STORE_TABLE: 'EventStore' }, 'PAYMENT_WEBHOOK_SECRET_ARN: required but not set'],
    [
      { EVENT_STORE_TABLE: 'EventStore', PAYMENT_WEBHOOK_SECRET_ARN: 'my secret' },
      'PAYMENT_WEBHOOK_SECRET_ARN: expected a Secrets Manager secret ARN or name, got "my secret"',
    ],
  ])('fails at cold start on %j, naming the variable', (env, message) => {
    // Act
    const load = () => loadPaymentWebhookConfig(env);

    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
