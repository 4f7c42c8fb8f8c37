import { loadConfig, type ConfigProblem } from '../../shared/runtime/index.ts';
import { ENV } from '../../shared/runtime/environment.ts';

export interface ReserveInventoryConfig {
  /** `EVENT_STORE_TABLE`: orders are loaded from, and their inventory answer appended to, it. */
  eventStoreTable: string;
  /** `PRODUCTS_TABLE`: stock is read from, and decremented in, it. */
  productsTable: string;
  /** `DEAD_LETTER_QUEUE_URL`: the inventory queue's DLQ, where poison messages go at once with their reason. */
  deadLetterQueueUrl: string;
}

/**
 * Read once at cold start.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function loadReserveInventoryConfig(env: Record<string, string | undefined> = process.env): ReserveInventoryConfig {
  const problems: ConfigProblem[] = [];
  const deadLetterQueueUrl = env[ENV.deadLetterQueueUrl] ?? '';
  if (deadLetterQueueUrl === '') problems.push({ variable: ENV.deadLetterQueueUrl, message: 'required but not set' });
  else if (!/^https?:\/\/[^/\s]+\/.+/.test(deadLetterQueueUrl)) {
    problems.push({ variable: ENV.deadLetterQueueUrl, message: `expected an SQS queue URL, got ${JSON.stringify(deadLetterQueueUrl)}` });
  }
  const { eventStoreTable, productsTable } = loadConfig({ required: ['eventStoreTable', 'productsTable'], env, alsoFailing: problems });
  return { eventStoreTable, productsTable, deadLetterQueueUrl };
}
