import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_GET_MAX_KEYS, BATCH_GET_MAX_ROUNDS, batchGetAll } from '../../../shared/dynamodb/batch-get-all.ts';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const dynamodb = mockClient(documents);
afterEach(() => dynamodb.reset());

const options = { client: documents, tableName: 'Products', attributes: ['sku', 'stock'], backoffMs: 0 };
const keysOf = (call: number) => dynamodb.commandCalls(BatchGetCommand)[call]!.args[0].input.RequestItems!['Products']!.Keys;

describe('batchGetAll', () => {
  it('asks again for the keys DynamoDB left unprocessed, and returns every item found', async () => {
    // Prepare
    dynamodb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { Products: [{ sku: 'A', stock: 1 }] }, UnprocessedKeys: { Products: { Keys: [{ sku: 'B' }] } } })
      .resolvesOnce({ Responses: { Products: [{ sku: 'B', stock: 2 }] } });

    // Act
    const result = await batchGetAll([{ sku: 'A' }, { sku: 'B' }], options);

    // Assess
    expect(result).toEqual({
      items: [
        { sku: 'A', stock: 1 },
        { sku: 'B', stock: 2 },
      ],
      unprocessed: [],
    });
    expect(keysOf(1)).toEqual([{ sku: 'B' }]);
    expect(dynamodb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!['Products']).toMatchObject({
      ConsistentRead: true,
      ProjectionExpression: '#a0, #a1',
      ExpressionAttributeNames: { '#a0': 'sku', '#a1': 'stock' },
    });
  });

  it(`gives back the keys still unprocessed after ${BATCH_GET_MAX_ROUNDS} rounds instead of asking forever`, async () => {
    dynamodb.on(BatchGetCommand).resolves({ UnprocessedKeys: { Products: { Keys: [{ sku: 'A' }] } } });

    const result = await batchGetAll([{ sku: 'A' }], options);

    expect(result.unprocessed).toEqual([{ sku: 'A' }]);
    expect(dynamodb.commandCalls(BatchGetCommand)).toHaveLength(BATCH_GET_MAX_ROUNDS);
  });

  it(`asks for at most ${BATCH_GET_MAX_KEYS} keys a call`, async () => {
    dynamodb.on(BatchGetCommand).resolves({});
    const keys = Array.from({ length: BATCH_GET_MAX_KEYS + 1 }, (_, i) => ({ sku: `S${i}` }));

    await batchGetAll(keys, options);

    expect(keysOf(0)).toHaveLength(BATCH_GET_MAX_KEYS);
    expect(keysOf(1)).toEqual([{ sku: `S${BATCH_GET_MAX_KEYS}` }]);
  });
});
