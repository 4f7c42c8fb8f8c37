import { loadConfig, type ConfigProblem } from '../../shared/runtime/index.ts';
import { ENV } from '../../shared/runtime/environment.ts';

export interface PaymentWebhookConfig {
  /** `EVENT_STORE_TABLE`: deliveries are recorded in it. */
  eventStoreTable: string;
  /** `PAYMENT_WEBHOOK_SECRET_ARN`: the Secrets Manager secret holding the shared HMAC key (ARN or name). */
  secretId: string;
}

// SecretId: an ARN or a name; names are 1-512 of these characters.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
const SECRET_ARN = /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;

/**
 * Read once at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function loadPaymentWebhookConfig(env: Record<string, string | undefined> = process.env): PaymentWebhookConfig {
  const problems: ConfigProblem[] = [];
  const secretId = env[ENV.paymentWebhookSecretArn] ?? '';
  if (secretId === '') problems.push({ variable: ENV.paymentWebhookSecretArn, message: 'required but not set' });
  else if (!SECRET_ARN.test(secretId) && !SECRET_NAME.test(secretId)) {
    problems.push({ variable: ENV.paymentWebhookSecretArn, message: `expected a Secrets Manager secret ARN or name, got ${JSON.stringify(secretId)}` });
  }
  const { eventStoreTable } = loadConfig({ required: ['eventStoreTable'], env, alsoFailing: problems });
  return { eventStoreTable, secretId };
}
