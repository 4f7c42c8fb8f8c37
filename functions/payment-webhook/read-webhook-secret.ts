import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/** Seconds a fetched key is reused: rotation takes effect within this long (flows contract: 5 min). */
export const WEBHOOK_SECRET_MAX_AGE_SECONDS = 300;

/** The webhook secret has no usable value. */
export class WebhookSecretUnavailableError extends Error {
  override readonly name = 'WebhookSecretUnavailableError';

  constructor(
    readonly secretId: string,
    why: string,
  ) {
    super(`The payment webhook secret ${secretId} cannot be used: ${why}`);
  }
}

/**
 * The shared HMAC key, from Secrets Manager through Powertools Parameters: cached in the execution
 * environment for 5 minutes, so most requests make no call. A string secret is the key as is; a
 * binary one is read as UTF-8.
 *
 * @throws WebhookSecretUnavailableError when the secret is empty or has no value.
 */
export async function readWebhookSecret(secretId: string): Promise<string> {
  const value = await getSecret(secretId, { maxAge: WEBHOOK_SECRET_MAX_AGE_SECONDS });
  const key = typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : undefined;
  if (key === undefined) throw new WebhookSecretUnavailableError(secretId, 'it has no value');
  if (key === '') throw new WebhookSecretUnavailableError(secretId, 'its value is empty');
  return key;
}
