import { ConfigError } from '../runtime/index.ts';

// DynamoDB TableName: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * A table name from an environment variable, read once at cold start.
 *
 * @throws ConfigError naming the variable when it is missing or not a table name.
 * @example
 * const statsTable = tableNameFromEnv('STATS_TABLE');
 */
export function tableNameFromEnv(variable: string, env: Record<string, string | undefined> = process.env): string {
  const value = env[variable];
  if (value === undefined || value === '') throw new ConfigError([{ variable, message: 'required but not set' }]);
  if (!TABLE_NAME.test(value)) throw new ConfigError([{ variable, message: `expected a DynamoDB table name, got ${JSON.stringify(value)}` }]);
  return value;
}
