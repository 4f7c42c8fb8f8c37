import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import type { LocalTopology } from '@eventful/local';
import { DEMO_PRODUCTS, type DemoProduct } from '../shared/catalog/demo-products.ts';

/** The function environment variable that names the Products table (flows contract). */
export const PRODUCTS_TABLE_ENV = 'PRODUCTS_TABLE';

/** Per Products table: the SKUs written, and those kept because the table already had them (a persisted run). */
export type SeedOutcome = { seeded: true; tableName: string; written: string[]; kept: string[] } | { seeded: false; reason: string };

export interface SeedOptions {
  /** @default DEMO_PRODUCTS */
  products?: readonly DemoProduct[];
  /** `updatedAt` of the items. @default now */
  now?: () => Date;
}

/**
 * The app's seed hook for `eventful start` (see `StartHooks` in @eventful/local): writes the demo catalog into
 * the Products table: the table the template's functions get in `PRODUCTS_TABLE`.
 * Items are `{ sku, name, unitPriceMinor, currency, stock, updatedAt }` (prices in integer minor units). A product already in the table is kept as it is, so a
 * persisted run (`--persist`) keeps the stock orders have reserved and what imports have changed.
 *
 * @example
 * const runtime = await startLocalRuntime({ assemblyDir: 'cdk.out' });
 * for (const outcome of await seedDemoCatalog(runtime)) console.log(describeSeedOutcome(outcome));
 */
export async function seedDemoCatalog(runtime: { endpointUrl: string; topology: LocalTopology }, options: SeedOptions = {}): Promise<SeedOutcome[]> {
  const { topology } = runtime;
  const tableNames = [...new Set(topology.functions.flatMap((fn) => (fn.environment[PRODUCTS_TABLE_ENV] ? [fn.environment[PRODUCTS_TABLE_ENV]] : [])))];
  if (tableNames.length === 0) return [{ seeded: false, reason: `no function has ${PRODUCTS_TABLE_ENV} in its environment` }];
  const products = options.products ?? DEMO_PRODUCTS;
  const updatedAt = (options.now?.() ?? new Date()).toISOString();
  const client = new DynamoDBClient({
    endpoint: runtime.endpointUrl,
    region: topology.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: SEED_ATTEMPTS,
  });
  try {
    const outcomes: SeedOutcome[] = [];
    for (const tableName of tableNames) {
      if (!topology.tables.some((table) => table.name === tableName)) {
        outcomes.push({ seeded: false, reason: `${PRODUCTS_TABLE_ENV} names ${tableName}, which is not a table of the app` });
        continue;
      }
      const written: string[] = [];
      const kept: string[] = [];
      await Promise.all(
        products.map(async (product) => {
          ((await putIfAbsent(client, tableName, product, updatedAt)) ? written : kept).push(product.sku);
        }),
      );
      outcomes.push({ seeded: true, tableName, written: written.sort(), kept: kept.sort() });
    }
    return outcomes;
  } finally {
    client.destroy();
  }
}

/** One line for the start-up output. */
export function describeSeedOutcome(outcome: SeedOutcome): string {
  if (!outcome.seeded) return `demo catalog not seeded: ${outcome.reason}`;
  const kept = outcome.kept.length > 0 ? ` (${outcome.kept.length} already there, kept)` : '';
  return `demo catalog: ${outcome.written.length} products seeded into ${outcome.tableName}${kept}; --no-seed to skip`;
}

/**
 * Attempts per product: throttling (the SDK retries it) and transaction conflicts (retried here: the SDK does not)
 * pass, as AWS advises, whether real or injected by `--chaos`.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.RetryAndBackoff
 */
const SEED_ATTEMPTS = 10;

async function putIfAbsent(client: DynamoDBClient, tableName: string, product: DemoProduct, updatedAt: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await putOnce(client, tableName, product, updatedAt);
    } catch (error) {
      if (!(error instanceof TransactionConflictException) || attempt >= SEED_ATTEMPTS) throw error;
    }
  }
}

async function putOnce(client: DynamoDBClient, tableName: string, product: DemoProduct, updatedAt: string): Promise<boolean> {
  try {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          sku: { S: product.sku },
          name: { S: product.name },
          unitPriceMinor: { N: String(product.unitPriceMinor) },
          currency: { S: product.currency },
          stock: { N: String(product.stock) },
          updatedAt: { S: updatedAt },
        },
        ConditionExpression: 'attribute_not_exists(sku)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
