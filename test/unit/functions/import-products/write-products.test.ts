import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ProductsWriteError } from '../../../../functions/import-products/errors.ts';
import { writeProducts, type ProductItem } from '../../../../functions/import-products/write-products.ts';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ddb = mockClient(DynamoDBDocumentClient);
const delays: number[] = [];
const options = { client: documents, tableName: 'Products', sleep: async (ms: number) => void delays.push(ms), random: () => 0.5 };

const item = (n: number, name = `Product ${n}`): ProductItem => ({
  sku: `SKU-${n}`,
  name,
  unitPriceMinor: n,
  currency: 'EUR',
  stock: n,
  updatedAt: '2026-11-28T12:00:00.000Z',
  importedFrom: `s3://imports/p.csv#${n + 1}`,
});
const putsOf = (input: BatchWriteCommandInput) => (input.RequestItems?.Products ?? []).map((request) => request.PutRequest?.Item as ProductItem);

describe('writeProducts', () => {
  afterEach(() => {
    ddb.reset();
    delays.length = 0;
  });

  it('writes 25 items per BatchWriteItem call', async () => {
    // Prepare
    ddb.on(BatchWriteCommand).resolves({});
    // Act
    await writeProducts(
      Array.from({ length: 60 }, (_, i) => item(i)),
      options,
    );
    // Assess
    const sizes = ddb.commandCalls(BatchWriteCommand).map((call) => putsOf(call.args[0].input).length);
    expect(sizes).toEqual([25, 25, 10]);
  });

  it('re-sends only the unprocessed items, after a backoff, until none is left', async () => {
    // Prepare
    const [, second, third] = [item(1), item(2), item(3)];
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { Products: [{ PutRequest: { Item: second } }, { PutRequest: { Item: third } }] } })
      .resolvesOnce({ UnprocessedItems: { Products: [{ PutRequest: { Item: third } }] } })
      .resolves({});
    // Act
    await writeProducts([item(1), item(2), item(3)], options);
    // Assess
    const calls = ddb.commandCalls(BatchWriteCommand).map((call) => putsOf(call.args[0].input).map((p) => p.sku));
    expect(calls).toEqual([['SKU-1', 'SKU-2', 'SKU-3'], ['SKU-2', 'SKU-3'], ['SKU-3']]);
    expect(delays).toEqual([50, 100]);
  });

  it('fails naming the items still unprocessed after the last attempt', async () => {
    // Prepare
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { Products: [{ PutRequest: { Item: item(2) } }] } });
    // Act
    const error = await writeProducts([item(1), item(2)], { ...options, maxAttempts: 3 }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ProductsWriteError);
    expect((error as Error).message).toBe('1 products not written to table Products after 3 attempts (UnprocessedItems): SKU-2');
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('sends only the last item of a sku given several times, as puts in order would leave it', async () => {
    // Prepare
    ddb.on(BatchWriteCommand).resolves({});
    // Act
    await writeProducts([item(1, 'first'), item(2), item(1, 'second')], options);
    // Assess
    const puts = ddb.commandCalls(BatchWriteCommand).flatMap((call) => putsOf(call.args[0].input));
    expect(puts.map((p) => [p.sku, p.name])).toEqual([
      ['SKU-1', 'second'],
      ['SKU-2', 'Product 2'],
    ]);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    // Prepare
    let inFlight = 0;
    let maxInFlight = 0;
    ddb.on(BatchWriteCommand).callsFake(async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return {};
    });
    // Act
    await writeProducts(
      Array.from({ length: 500 }, (_, i) => item(i)),
      { ...options, concurrency: 3 },
    );
    // Assess
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(20);
    expect(maxInFlight).toBe(3);
  });

  it('throws the error of a call that fails as a whole', async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
    ddb.on(BatchWriteCommand).rejects(throttled);
    // Act
    const error = await writeProducts([item(1)], options).catch((e: unknown) => e);
    // Assess
    expect(error).toBe(throttled);
  });
});
