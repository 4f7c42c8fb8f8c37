import { systemClock, type Clock } from '../clock.ts';
import { stableUuid } from '../loader/physical-names.ts';
import type { SecretSpec } from '../topology/types.ts';
import { SecretsManagerApiError, secretNotFound } from './errors.ts';
import { localSecretValue } from './local-value.ts';

/** The staging label of the one version a local secret has. */
export const CURRENT_STAGE = 'AWSCURRENT';

/** One read of a secret, for the live log: where the value came from, or why there was none. Never the value. */
export type SecretsActivity =
  | { type: 'read'; operation: string; secretName: string; source: string }
  | { type: 'failed'; operation: string; secretId: string; code: string; message: string };

export interface LocalSecretsManagerOptions {
  /** Where `eventful:local-value-from-env` variables are read, at each call. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** `CreatedDate` of every secret: when the runtime started. */
  clock?: Clock;
  onActivity?: (activity: SecretsActivity) => void;
}

export interface GetSecretValueOutput {
  ARN: string;
  Name: string;
  VersionId: string;
  SecretString: string;
  VersionStages: string[];
  CreatedDate: Date;
}

export interface DescribeSecretOutput {
  ARN: string;
  Name: string;
  Description?: string;
  Tags?: { Key: string; Value: string }[];
  VersionIdsToStages?: Record<string, string[]>;
  CreatedDate: Date;
  LastChangedDate: Date;
}

/**
 * The template's secrets behind Secrets Manager's read API, each with one version (AWSCURRENT) whose value
 * `localSecretValue` finds. A secret id is a name, an ARN, or a partial ARN (without the six-character suffix),
 * as Secrets Manager accepts. https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 *
 * @example
 * const secrets = new LocalSecretsManager(topology.secrets);
 * secrets.getSecretValue({ SecretId: process.env.PAYMENT_WEBHOOK_SECRET_ARN }).SecretString;
 */
export class LocalSecretsManager {
  readonly #secrets: readonly SecretSpec[];
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #createdDate: Date;
  readonly #onActivity: (activity: SecretsActivity) => void;

  constructor(secrets: readonly SecretSpec[], options: LocalSecretsManagerOptions = {}) {
    this.#secrets = secrets;
    this.#env = options.env ?? process.env;
    this.#createdDate = new Date(Math.floor((options.clock ?? systemClock).now() / 1000) * 1000);
    this.#onActivity = options.onActivity ?? (() => {});
  }

  /** The secret a `SecretId` names, if any. */
  find(secretId: string): SecretSpec | undefined {
    return this.#secrets.find((secret) => secret.name === secretId || secret.arn === secretId || partialArnOf(secret) === secretId);
  }

  /** Secrets with no local value now: the runtime warns about each at start. */
  withoutValue(): { secret: SecretSpec; hint: string }[] {
    return this.#secrets.flatMap((secret) => {
      const value = localSecretValue(secret, this.#env);
      return value.found ? [] : [{ secret, hint: value.hint }];
    });
  }

  getSecretValue(input: unknown): GetSecretValueOutput {
    return this.#reporting('GetSecretValue', input, (request) => {
      const secret = this.#secret(request);
      const value = localSecretValue(secret, this.#env);
      const stage = optionalString(request, 'VersionStage');
      const versionId = optionalString(request, 'VersionId');
      if (stage !== undefined && stage !== CURRENT_STAGE) throw noValue(`staging label: ${stage}`);
      if (!value.found) throw noValue(`staging label: ${CURRENT_STAGE}`, value.hint);
      const currentVersion = versionIdOf(secret, value.value);
      if (versionId !== undefined && versionId !== currentVersion) throw noValue(`VersionId: ${versionId}`);
      this.#onActivity({ type: 'read', operation: 'GetSecretValue', secretName: secret.name, source: value.source });
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: currentVersion,
        SecretString: value.value,
        VersionStages: [CURRENT_STAGE],
        CreatedDate: this.#createdDate,
      };
    });
  }

  describeSecret(input: unknown): DescribeSecretOutput {
    return this.#reporting('DescribeSecret', input, (request) => {
      const secret = this.#secret(request);
      const value = localSecretValue(secret, this.#env);
      const tags = Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value }));
      return {
        ARN: secret.arn,
        Name: secret.name,
        ...(secret.description === undefined ? {} : { Description: secret.description }),
        ...(tags.length === 0 ? {} : { Tags: tags }),
        ...(value.found ? { VersionIdsToStages: { [versionIdOf(secret, value.value)]: [CURRENT_STAGE] } } : {}),
        CreatedDate: this.#createdDate,
        LastChangedDate: this.#createdDate,
      };
    });
  }

  #secret(request: Record<string, unknown>): SecretSpec {
    const secretId = request['SecretId'];
    if (typeof secretId !== 'string') {
      throw new SecretsManagerApiError(
        'ValidationException',
        `1 validation error detected: Value ${secretId === undefined ? 'null' : JSON.stringify(secretId)} at 'secretId' failed to satisfy constraint: Member must not be null`,
      );
    }
    const secret = this.find(secretId);
    if (secret === undefined) throw secretNotFound();
    return secret;
  }

  #reporting<T>(operation: string, input: unknown, serve: (request: Record<string, unknown>) => T): T {
    const request = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
    try {
      return serve(request);
    } catch (error) {
      if (error instanceof SecretsManagerApiError) {
        this.#onActivity({ type: 'failed', operation, secretId: String(request['SecretId'] ?? '(none)'), code: error.code, message: error.message });
      }
      throw error;
    }
  }
}

/** `arn:…:secret:<name>`: Secrets Manager also finds a secret by its ARN without the random suffix. */
function partialArnOf(secret: SecretSpec): string {
  return secret.arn.replace(/-[A-Za-z0-9]{6}$/, '');
}

/** A new value is a new version on AWS; the id is derived from the value so it changes when the value does. */
function versionIdOf(secret: SecretSpec, value: string): string {
  return stableUuid(`${secret.arn}\n${value}`);
}

function optionalString(request: Record<string, unknown>, member: string): string | undefined {
  const value = request[member];
  return typeof value === 'string' ? value : undefined;
}

function noValue(which: string, hint?: string): SecretsManagerApiError {
  const message = `Secrets Manager can't find the specified secret value for ${which}`;
  return new SecretsManagerApiError('ResourceNotFoundException', hint === undefined ? message : `${message} (local runtime: ${hint})`);
}
