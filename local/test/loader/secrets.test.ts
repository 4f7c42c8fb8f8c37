import { Stack, Tags } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopology } from '../../loader/index.ts';
import type { LocalTopology } from '../../topology/types.ts';
import { LOCAL_DEFAULT_TAG, LOCAL_VALUE_FROM_ENV_TAG } from '../../conventions.ts';
import { PLAIN_ASSET } from './fixtures/commerce-app.ts';
import { synth, type SynthesizedApp } from './support/synth.ts';
import { ENDPOINT, byPath } from './support/topology.ts';

/** An app's names for its secret's local value: the variable to read it from, and the default. */
const PAYMENT_WEBHOOK_SECRET_ENV = 'PAYMENT_WEBHOOK_SECRET';
const DEV_PAYMENT_WEBHOOK_SECRET = 'local-webhook-secret';

describe('loadTopology: Secrets Manager secrets', () => {
  let app: SynthesizedApp;
  let topology: LocalTopology;

  beforeAll(async () => {
    app = synth((cdkApp) => {
      const stack = new Stack(cdkApp, 'Payments');
      const webhook = new secretsmanager.Secret(stack, 'WebhookSecret', {
        description: 'HMAC key',
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
      });
      Tags.of(webhook).add(LOCAL_VALUE_FROM_ENV_TAG, PAYMENT_WEBHOOK_SECRET_ENV);
      Tags.of(webhook).add(LOCAL_DEFAULT_TAG, DEV_PAYMENT_WEBHOOK_SECRET);
      new secretsmanager.CfnSecret(stack, 'Fixed', { name: 'fixed-secret', secretString: '{"user":"app"}' });
      new lambda.Function(stack, 'Webhook', {
        code: lambda.Code.fromAsset(PLAIN_ASSET),
        handler: 'app.main',
        runtime: lambda.Runtime.NODEJS_22_X,
        environment: { PAYMENT_WEBHOOK_SECRET_ARN: webhook.secretArn },
      });
    });
    topology = await loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: ENDPOINT });
  });
  afterAll(() => app?.remove());

  it('reads a generated secret with its tags, named as CloudFormation would and with a suffixed ARN', () => {
    // Act
    const webhook = byPath(topology.secrets, 'Payments/WebhookSecret/Resource');

    // Assess
    expect(webhook).toMatchObject({
      name: expect.stringMatching(/^Payments-WebhookSecret[0-9A-F]{8}-[A-Z0-9]{12}$/),
      description: 'HMAC key',
      tags: { [LOCAL_VALUE_FROM_ENV_TAG]: PAYMENT_WEBHOOK_SECRET_ENV, [LOCAL_DEFAULT_TAG]: DEV_PAYMENT_WEBHOOK_SECRET },
      generated: true,
    });
    expect(webhook.arn).toBe(`arn:aws:secretsmanager:us-east-1:000000000000:secret:${webhook.name}-${webhook.arn.slice(-6)}`);
    expect(webhook.arn.slice(-6)).toMatch(/^[a-z0-9]{6}$/);
  });

  it('gives a function the secret’s ARN for Ref, as CloudFormation does', () => {
    // Act
    const fn = byPath(topology.functions, 'Payments/Webhook/Resource');

    // Assess
    expect(fn.environment['PAYMENT_WEBHOOK_SECRET_ARN']).toBe(byPath(topology.secrets, 'Payments/WebhookSecret/Resource').arn);
  });

  it('keeps a value the template sets itself', () => {
    // Act
    const fixed = byPath(topology.secrets, 'Payments/Fixed');

    // Assess
    expect(fixed).toMatchObject({ name: 'fixed-secret', secretString: '{"user":"app"}', generated: false, tags: {} });
  });

  it('reports nothing about secrets as not emulated', () => {
    // Assess
    expect(topology.unsupported.filter(({ type }) => type.startsWith('AWS::SecretsManager'))).toEqual([]);
  });
});
