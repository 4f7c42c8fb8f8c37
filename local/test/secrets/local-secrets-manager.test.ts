import { describe, expect, it } from 'vitest';
import { handleSecretsRequest, LocalSecretsManager, type SecretsActivity } from '../../secrets/index.ts';
import { secretSpec } from './support.ts';

const STARTED = Date.parse('2026-01-01T00:00:00.500Z');
const clock = { now: () => STARTED, sleep: async () => {} };

function manager(
  env: Record<string, string> = {},
  secrets = [secretSpec(), secretSpec({ name: 'other', logicalId: 'Other', tags: {}, secretString: 'plain' })],
) {
  const activity: SecretsActivity[] = [];
  return { secrets: new LocalSecretsManager(secrets, { env, clock, onActivity: (a) => activity.push(a) }), activity };
}

const call = (secrets: LocalSecretsManager, operation: string, input: unknown) => {
  const { status, body } = handleSecretsRequest(secrets, `secretsmanager.${operation}`, JSON.stringify(input));
  return { status, body: JSON.parse(body) as Record<string, unknown> };
};

describe('LocalSecretsManager through handleSecretsRequest', () => {
  it.each([
    ['its name', 'payment-webhook'],
    ['its ARN', secretSpec().arn],
    ['its ARN without the random suffix', 'arn:aws:secretsmanager:us-east-1:000000000000:secret:payment-webhook'],
  ])('answers GetSecretValue for a secret named by %s in the shape AWS answers', (_case, secretId) => {
    // Prepare
    const { secrets } = manager({ PAYMENT_WEBHOOK_SECRET: 'whsec-1' });

    // Act
    const { status, body } = call(secrets, 'GetSecretValue', { SecretId: secretId });

    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({
      ARN: secretSpec().arn,
      Name: 'payment-webhook',
      VersionId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      SecretString: 'whsec-1',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1767225600,
    });
  });

  it('gives a new VersionId when the value changes, the same one when it does not', () => {
    // Act
    const first = call(manager({ PAYMENT_WEBHOOK_SECRET: 'a' }).secrets, 'GetSecretValue', { SecretId: 'payment-webhook' }).body['VersionId'];
    const again = call(manager({ PAYMENT_WEBHOOK_SECRET: 'a' }).secrets, 'GetSecretValue', { SecretId: 'payment-webhook' }).body['VersionId'];
    const changed = call(manager({ PAYMENT_WEBHOOK_SECRET: 'b' }).secrets, 'GetSecretValue', { SecretId: 'payment-webhook' }).body['VersionId'];

    // Assess
    expect(again).toBe(first);
    expect(changed).not.toBe(first);
  });

  it('accepts AWSCURRENT and the current VersionId, as AWS does', () => {
    // Prepare
    const { secrets } = manager();
    const { VersionId } = call(secrets, 'GetSecretValue', { SecretId: 'payment-webhook' }).body;

    // Act
    const byStage = call(secrets, 'GetSecretValue', { SecretId: 'payment-webhook', VersionStage: 'AWSCURRENT' });
    const byVersion = call(secrets, 'GetSecretValue', { SecretId: 'payment-webhook', VersionId });

    // Assess
    expect(byStage.body['SecretString']).toBe('eventful-local-webhook-secret');
    expect(byVersion.body['SecretString']).toBe('eventful-local-webhook-secret');
  });

  it.each([
    ['an unknown secret', { SecretId: 'nope' }, "Secrets Manager can't find the specified secret."],
    [
      'another staging label',
      { SecretId: 'payment-webhook', VersionStage: 'AWSPENDING' },
      "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    ],
    ['an unknown version', { SecretId: 'payment-webhook', VersionId: 'v-0' }, "Secrets Manager can't find the specified secret value for VersionId: v-0"],
  ])('answers %s with ResourceNotFoundException as AWS words it', (_case, input, message) => {
    // Prepare
    const { secrets } = manager();

    // Act
    const { status, body } = call(secrets, 'GetSecretValue', input);

    // Assess
    expect(status).toBe(400);
    expect(body).toEqual({ __type: 'ResourceNotFoundException', Message: message });
  });

  it('answers a secret without a local value with ResourceNotFoundException naming the secret and what to set', () => {
    // Prepare
    const { secrets, activity } = manager({}, [secretSpec({ tags: { 'eventful:local-value-from-env': 'PAYMENT_WEBHOOK_SECRET' } })]);

    // Act
    const { status, body } = call(secrets, 'GetSecretValue', { SecretId: 'payment-webhook' });

    // Assess
    expect(status).toBe(400);
    expect(body['__type']).toBe('ResourceNotFoundException');
    expect(body['Message']).toBe(
      "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT (local runtime: secret payment-webhook " +
        '(Eventful/Orders/PaymentWebhookSecret/Resource) has no local value: set the environment variable PAYMENT_WEBHOOK_SECRET (its tag eventful:local-value-from-env) or tag it eventful:local-default)',
    );
    expect(activity).toEqual([
      expect.objectContaining({ type: 'failed', operation: 'GetSecretValue', secretId: 'payment-webhook', code: 'ResourceNotFoundException' }),
    ]);
    expect(secrets.withoutValue().map(({ secret }) => secret.name)).toEqual(['payment-webhook']);
  });

  it('reports where each value came from, never the value', () => {
    // Prepare
    const { secrets, activity } = manager({ PAYMENT_WEBHOOK_SECRET: 'whsec-1' });

    // Act
    call(secrets, 'GetSecretValue', { SecretId: 'payment-webhook' });
    call(secrets, 'GetSecretValue', { SecretId: 'other' });

    // Assess
    expect(activity).toEqual([
      { type: 'read', operation: 'GetSecretValue', secretName: 'payment-webhook', source: '$PAYMENT_WEBHOOK_SECRET' },
      { type: 'read', operation: 'GetSecretValue', secretName: 'other', source: 'SecretString' },
    ]);
    expect(JSON.stringify(activity)).not.toContain('whsec-1');
  });

  it('describes a secret with its tags and its one version, without the value', () => {
    // Prepare
    const { secrets } = manager();

    // Act
    const { status, body } = call(secrets, 'DescribeSecret', { SecretId: 'payment-webhook' });

    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({
      ARN: secretSpec().arn,
      Name: 'payment-webhook',
      Tags: [
        { Key: 'eventful:local-value-from-env', Value: 'PAYMENT_WEBHOOK_SECRET' },
        { Key: 'eventful:local-default', Value: 'eventful-local-webhook-secret' },
      ],
      VersionIdsToStages: { [String(call(secrets, 'GetSecretValue', { SecretId: 'payment-webhook' }).body['VersionId'])]: ['AWSCURRENT'] },
      CreatedDate: 1767225600,
      LastChangedDate: 1767225600,
    });
  });

  it.each([
    [
      'an operation it does not emulate',
      'secretsmanager.PutSecretValue',
      '{}',
      'UnknownOperationException',
      /PutSecretValue is not emulated locally: the local endpoint serves GetSecretValue and DescribeSecret/,
    ],
    [
      'an operation named after a member every object inherits',
      'secretsmanager.constructor',
      '{}',
      'UnknownOperationException',
      /constructor is not emulated locally/,
    ],
    ['a body that is not JSON', 'secretsmanager.GetSecretValue', '{', 'SerializationException', /not valid JSON/],
    [
      'a request without SecretId',
      'secretsmanager.GetSecretValue',
      '{}',
      'ValidationException',
      /Value null at 'secretId' failed to satisfy constraint: Member must not be null/,
    ],
  ])('refuses %s with %s', (_case, target, body, code, message) => {
    // Act
    const answer = handleSecretsRequest(manager().secrets, target, body);

    // Assess
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ __type: code, Message: expect.stringMatching(message) });
  });
});
