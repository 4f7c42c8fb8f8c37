import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { DescribeSecretCommand, GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEndpoint, type RunningEndpoint } from '../../endpoint/index.ts';
import { handleSecretsRequest, LocalSecretsManager } from '../../secrets/index.ts';
import { ACCOUNT, REGION, secretSpec } from './support.ts';

// Secrets requests never reach an engine.
const NO_ENGINE = { endpoint: 'http://127.0.0.1:9' };

describe('Secrets Manager on the local endpoint', () => {
  const webhook = secretSpec();
  let endpoint: RunningEndpoint;

  beforeAll(async () => {
    const secrets = new LocalSecretsManager([webhook], { env: { PAYMENT_WEBHOOK_SECRET: 'whsec-from-env' } });
    endpoint = await startEndpoint({
      port: 0,
      engines: { dynamodb: NO_ENGINE, kinesis: NO_ENGINE, sqs: NO_ENGINE, s3: NO_ENGINE },
      topology: { accountId: ACCOUNT, region: REGION },
      eventsHandler: async () => ({ status: 500, body: '{}' }),
      secretsHandler: (target, body) => handleSecretsRequest(secrets, target, body),
    });
    // What a function gets from the local Lambda service: nothing but the endpoint in the environment.
    vi.stubEnv('AWS_ENDPOINT_URL', endpoint.url);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await endpoint?.close();
  });

  it('serves Powertools getSecret, unchanged, by the ARN a function gets in its environment', async () => {
    // Act
    const value = await getSecret(webhook.arn, { maxAge: 300 });

    // Assess
    expect(value).toBe('whsec-from-env');
  });

  it('answers the SDK client with typed members', async () => {
    // Prepare
    const client = new SecretsManagerClient({});

    // Act
    const value = await client.send(new GetSecretValueCommand({ SecretId: webhook.name }));
    const description = await client.send(new DescribeSecretCommand({ SecretId: webhook.arn }));

    // Assess
    expect(value).toMatchObject({ ARN: webhook.arn, Name: webhook.name, SecretString: 'whsec-from-env', VersionStages: ['AWSCURRENT'] });
    expect(value.CreatedDate).toBeInstanceOf(Date);
    expect(description.VersionIdsToStages).toEqual({ [value.VersionId ?? '']: ['AWSCURRENT'] });
    client.destroy();
  });

  it('fails an unknown secret with the SDK’s ResourceNotFoundException', async () => {
    // Prepare
    const client = new SecretsManagerClient({});

    // Act
    const error = await client.send(new GetSecretValueCommand({ SecretId: 'no-such-secret' })).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toBe("Secrets Manager can't find the specified secret.");
    client.destroy();
  });
});
