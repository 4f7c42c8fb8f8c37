import * as z from '../validation/zod.ts';
import { ENV } from './environment.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';

/*
 * Every environment variable a function may read, in one place, with the format AWS accepts for it.
 * Patterns from the API references:
 * - EventBusName: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
 * - Bucket names: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 * - TableName:    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
 * - StreamName, StreamARN: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 * The names come from ENV (./environment.ts), which the infra's grants use to set each variable
 * where they give the function the resource (eventStore.grantAppend(fn) sets EVENT_STORE_TABLE).
 */
const tableName = z.string().check(z.regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'expected a DynamoDB table name (3-255 characters of a-z, A-Z, 0-9, "_", "-" and ".")'));

const variables = {
  eventBusName: {
    env: ENV.eventBusName,
    schema: z
      .string()
      .check(z.maxLength(1600), z.regex(/^(arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/, 'expected an event bus name or ARN')),
  },
  claimCheckBucket: {
    env: ENV.claimCheckBucket,
    schema: z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name (3-63 characters of a-z, 0-9, "." and "-")')),
  },
  idempotencyTable: { env: ENV.idempotencyTable, schema: tableName },
  eventStoreTable: { env: ENV.eventStoreTable, schema: tableName },
  productsTable: { env: ENV.productsTable, schema: tableName },
  ordersTable: { env: ENV.ordersTable, schema: tableName },
  notificationsTable: { env: ENV.notificationsTable, schema: tableName },
  statsTable: { env: ENV.statsTable, schema: tableName },
  promotionsTable: { env: ENV.promotionsTable, schema: tableName },
  activityStreamName: {
    env: ENV.activityStreamName,
    schema: z.string().check(z.regex(/^(arn:aws[\w-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/)?[a-zA-Z0-9_.-]{1,128}$/, 'expected a Kinesis stream name or ARN')),
  },
} as const;

/** A setting a function can read, by its camelCase name (`eventBusName` for `EVENT_BUS_NAME`). */
export type ConfigKey = keyof typeof variables;

/** The settings of one function: the required ones are strings, the others may be absent. */
export type Config<TRequired extends ConfigKey = never> = { readonly [K in TRequired]: string } & {
  readonly [K in Exclude<ConfigKey, TRequired>]?: string;
};

export interface LoadConfigOptions<TRequired extends ConfigKey> {
  /** Settings this function cannot run without. The others are read when present and validated all the same. */
  required?: readonly TRequired[];
  /** Defaults to `process.env`; tests pass their own. */
  env?: Record<string, string | undefined>;
  /**
   * Problems the function found in variables of its own (`PAYMENT_WINDOW_MINUTES`, …), thrown in the
   * same ConfigError after these settings' problems, so a cold start names every faulty variable at once.
   */
  alsoFailing?: readonly ConfigProblem[];
}

/**
 * Reads and validates the function's settings. Call it once, at module scope, so a misconfigured
 * function fails at cold start naming every faulty variable.
 *
 * @throws ConfigError naming each missing or malformed variable.
 * @example
 * const config = loadConfig({ required: ['eventBusName', 'idempotencyTable'] });
 * config.eventBusName; // string
 * config.claimCheckBucket; // string | undefined
 */
export function loadConfig<const TRequired extends ConfigKey = never>(options: LoadConfigOptions<TRequired> = {}): Config<TRequired> {
  const env = options.env ?? process.env;
  const required = new Set<ConfigKey>(options.required ?? []);
  const problems: ConfigProblem[] = [];
  const config: Partial<Record<ConfigKey, string>> = {};

  for (const [key, { env: variable, schema }] of Object.entries(variables) as [ConfigKey, (typeof variables)[ConfigKey]][]) {
    const raw = env[variable];
    if (raw === undefined || raw === '') {
      if (required.has(key)) problems.push({ variable, message: 'required but not set' });
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) config[key] = parsed.data;
    else problems.push({ variable, message: `${parsed.error.issues[0]?.message ?? 'invalid'}, got ${JSON.stringify(raw)}` });
  }

  problems.push(...(options.alsoFailing ?? []));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config) as Config<TRequired>;
}
