/**
 * Secrets Manager for the local runtime: the template's `AWS::SecretsManager::Secret`s behind GetSecretValue and
 * DescribeSecret, so handler code (the SDK, Powertools `getSecret`) runs unchanged with `AWS_ENDPOINT_URL`.
 * A secret's local value comes from the environment variable its tag `eventful:local-value-from-env` names,
 * else its `SecretString`, else its tag `eventful:local-default`.
 *
 * @example
 * import { LocalSecretsManager, handleSecretsRequest } from './local/secrets/index.ts';
 *
 * const secrets = new LocalSecretsManager(topology.secrets, { onActivity: (a) => console.log(a) });
 * const { status, body } = handleSecretsRequest(secrets, 'secretsmanager.GetSecretValue', '{"SecretId":"payment-webhook"}');
 */
export {
  LocalSecretsManager,
  CURRENT_STAGE,
  type DescribeSecretOutput,
  type GetSecretValueOutput,
  type LocalSecretsManagerOptions,
  type SecretsActivity,
} from './local-secrets-manager.ts';
export { handleSecretsRequest, SECRETS_TARGET_PREFIX, type SecretsResponse } from './handle-secrets-request.ts';
export { localSecretValue, LOCAL_DEFAULT_TAG, LOCAL_VALUE_FROM_ENV_TAG, type LocalValue } from './local-value.ts';
export { SecretsManagerApiError, SECRET_NOT_FOUND } from './errors.ts';
