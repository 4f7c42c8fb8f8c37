import { ConfigError } from '../../shared/runtime/index.ts';

export interface ImportProductsConfig {
  /** `PRODUCTS_TABLE`: the catalog table (PK `sku`) rows are written to. */
  productsTable: string;
}

// DynamoDB TableName: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * The settings of this function besides those `createEventPublisher` reads (`EVENT_BUS_NAME`,
 * `CLAIM_CHECK_BUCKET`). Read once at cold start.
 *
 * @throws ConfigError naming `PRODUCTS_TABLE` when it is missing or not a table name.
 */
export function loadImportProductsConfig(env: Record<string, string | undefined> = process.env): ImportProductsConfig {
  const productsTable = env.PRODUCTS_TABLE;
  if (productsTable === undefined || productsTable === '') throw new ConfigError([{ variable: 'PRODUCTS_TABLE', message: 'required but not set' }]);
  if (!TABLE_NAME.test(productsTable)) {
    throw new ConfigError([{ variable: 'PRODUCTS_TABLE', message: `expected a DynamoDB table name, got ${JSON.stringify(productsTable)}` }]);
  }
  return { productsTable };
}
