import { SecretsManagerApiError } from './errors.ts';
import type { LocalSecretsManager } from './local-secrets-manager.ts';

/** The `X-Amz-Target` prefix of Secrets Manager requests (`secretsmanager.GetSecretValue`). */
export const SECRETS_TARGET_PREFIX = 'secretsmanager.';

export interface SecretsResponse {
  status: number;
  /** JSON text: the operation's output, or `{ "__type": "<code>", "Message": "<message>" }`. */
  body: string;
}

type Operation = (secrets: LocalSecretsManager, input: unknown) => unknown;

/** A Map: the operation name is the caller's text, and an object would answer `constructor` with what it inherits. */
const OPERATIONS: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['GetSecretValue', (secrets, input) => secrets.getSecretValue(input)],
  ['DescribeSecret', (secrets, input) => secrets.describeSecret(input)],
]);

/**
 * Serves one Secrets Manager request (AWS JSON 1.1, `X-Amz-Target: secretsmanager.<Operation>`) for the local
 * endpoint. Timestamps are epoch seconds, the protocol's format; errors carry Secrets Manager's `Message` member.
 *
 * @example
 * const { status, body } = handleSecretsRequest(secrets, req.headers['x-amz-target'], rawBody);
 */
export function handleSecretsRequest(secrets: LocalSecretsManager, target: string, body: string): SecretsResponse {
  try {
    const name = target.startsWith(SECRETS_TARGET_PREFIX) ? target.slice(SECRETS_TARGET_PREFIX.length) : target;
    const operation = OPERATIONS.get(name);
    if (operation === undefined) {
      throw new SecretsManagerApiError(
        'UnknownOperationException',
        `Secrets Manager operation ${name} is not emulated locally: the local endpoint serves ${[...OPERATIONS.keys()].join(' and ')} for the template's secrets`,
      );
    }
    return { status: 200, body: serialize(operation(secrets, parseBody(body))) };
  } catch (error) {
    const apiError =
      error instanceof SecretsManagerApiError
        ? error
        : new SecretsManagerApiError('InternalServiceError', error instanceof Error ? error.message : String(error), 500);
    return { status: apiError.statusCode, body: JSON.stringify({ __type: apiError.code, Message: apiError.message }) };
  }
}

function parseBody(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new SecretsManagerApiError('SerializationException', 'Unexpected character in request body: it is not valid JSON.');
  }
}

/** `Date` members as epoch seconds, the JSON 1.1 timestamp format. */
function serialize(output: unknown): string {
  return JSON.stringify(output, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
}
