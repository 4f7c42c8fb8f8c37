import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dynamoDbWrite, isDynamoDbWrite, isKinesisWrite, isSqsWrite, kinesisWrite, sqsWrite } from '../../endpoint/engine-writes.ts';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('what a forwarded request writes', () => {
  it('counts item writes and PartiQL statements as DynamoDB writes, and no read', () => {
    // Act
    const writes = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems', 'ExecuteStatement', 'GetItem', 'Query', 'GetRecords'].filter(
      isDynamoDbWrite,
    );

    // Assess
    expect(writes).toEqual(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems', 'ExecuteStatement']);
    expect(['PutRecord', 'PutRecords', 'GetRecords'].filter(isKinesisWrite)).toEqual(['PutRecord', 'PutRecords']);
    expect(['SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage'].filter(isSqsWrite)).toEqual(['SendMessage', 'SendMessageBatch']);
  });

  it('names the table of a PutItem, by name or by table ARN', () => {
    // Act
    const byName = dynamoDbWrite('PutItem', json({ TableName: 'orders', Item: {} }));
    const byArn = dynamoDbWrite('UpdateItem', json({ TableName: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders', Key: {} }));

    // Assess
    expect(byName).toEqual({ service: 'dynamodb', resources: ['orders'] });
    expect(byArn).toEqual({ service: 'dynamodb', resources: ['orders'] });
  });

  it("names every table of a BatchWriteItem and of a transaction's puts, updates and deletes", () => {
    // Act
    const batch = dynamoDbWrite('BatchWriteItem', json({ RequestItems: { orders: [], stock: [] } }));
    const transaction = dynamoDbWrite(
      'TransactWriteItems',
      json({
        TransactItems: [
          { Put: { TableName: 'events', Item: {} } },
          { Update: { TableName: 'stock', Key: {} } },
          { ConditionCheck: { TableName: 'customers', Key: {} } },
          { Delete: { TableName: 'reservations', Key: {} } },
        ],
      }),
    );

    // Assess
    expect(batch).toEqual({ service: 'dynamodb', resources: ['orders', 'stock'] });
    expect(transaction).toEqual({ service: 'dynamodb', resources: ['events', 'stock', 'reservations'] });
  });

  it('leaves the tables of a PartiQL statement unnamed: every stream of the engine may have records', () => {
    // Act
    const write = dynamoDbWrite('ExecuteStatement', json({ Statement: `INSERT INTO "orders" VALUE {'pk': 'a'}` }));

    // Assess
    expect(write).toEqual({ service: 'dynamodb' });
  });

  it('names the stream of a PutRecords by name or ARN, and leaves a CBOR body unnamed', () => {
    // Act
    const byName = kinesisWrite(json({ StreamName: 'clicks', Records: [] }));
    const byArn = kinesisWrite(json({ StreamARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks', Records: [] }));
    const cbor = kinesisWrite(Buffer.from([0xbf, 0x6a, 0x53, 0x74, 0x72, 0x65, 0x61, 0x6d, 0x4e, 0x61, 0x6d, 0x65, 0xff]));

    // Assess
    expect(byName).toEqual({ service: 'kinesis', resources: ['clicks'] });
    expect(byArn).toEqual({ service: 'kinesis', resources: ['clicks'] });
    expect(cbor).toEqual({ service: 'kinesis' });
  });

  it('names the queue of a SendMessage by the last segment of its URL', () => {
    // Act
    const write = sqsWrite({ QueueUrl: 'http://127.0.0.1:4566/000000000000/orders.fifo', MessageBody: 'x' });

    // Assess
    expect(write).toEqual({ service: 'sqs', resources: ['orders.fifo'] });
    expect(sqsWrite(undefined)).toEqual({ service: 'sqs' });
  });

  it('never throws on any body, and names only non-empty strings', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('PutItem', 'BatchWriteItem', 'TransactWriteItems', 'ExecuteStatement'),
        fc.oneof(
          fc.json().map((text) => Buffer.from(text)),
          fc.uint8Array().map((bytes) => Buffer.from(bytes)),
        ),
        (operation, body) => {
          for (const write of [dynamoDbWrite(operation, body), kinesisWrite(body)]) {
            for (const name of write.resources ?? []) expect(typeof name === 'string' && name.length > 0).toBe(true);
          }
        },
      ),
    );
  });
});
