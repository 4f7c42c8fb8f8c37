import { describe, expect, it } from 'vitest';
import { localSecretValue } from '../../secrets/index.ts';
import { secretSpec } from './support.ts';

describe('localSecretValue', () => {
  it.each([
    ['the variable the env tag names', { PAYMENT_WEBHOOK_SECRET: 'from-env' }, {}, 'from-env', '$PAYMENT_WEBHOOK_SECRET'],
    ['SecretString when the variable is unset', {}, { secretString: 'from-template' }, 'from-template', 'SecretString'],
    ['SecretString when the variable is empty', { PAYMENT_WEBHOOK_SECRET: '' }, { secretString: 'from-template' }, 'from-template', 'SecretString'],
    ['the default tag when there is neither', {}, {}, 'eventful-local-webhook-secret', 'tag eventful:local-default'],
  ])('takes %s', (_case, env, overrides, value, source) => {
    // Act
    const found = localSecretValue(secretSpec(overrides), env);

    // Assess
    expect(found).toEqual({ found: true, value, source });
  });

  it('names the secret and the variable to set when only the env tag is there and the variable is unset', () => {
    // Prepare
    const secret = secretSpec({ tags: { 'eventful:local-value-from-env': 'PAYMENT_WEBHOOK_SECRET' } });

    // Act
    const found = localSecretValue(secret, {});

    // Assess
    expect(found).toEqual({
      found: false,
      hint: 'secret payment-webhook (Eventful/Orders/PaymentWebhookSecret/Resource) has no local value: set the environment variable PAYMENT_WEBHOOK_SECRET (its tag eventful:local-value-from-env) or tag it eventful:local-default',
    });
  });

  it('names both tags when an untagged secret has a generated value', () => {
    // Act
    const found = localSecretValue(secretSpec({ tags: {} }), {});

    // Assess
    expect(found).toMatchObject({
      found: false,
      hint: expect.stringMatching(/\(AWS generates it\): tag it eventful:local-value-from-env=<VARIABLE> .* or tag it eventful:local-default=/),
    });
  });
});
