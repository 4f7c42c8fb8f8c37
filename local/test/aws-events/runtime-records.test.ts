import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { KinesisDataStreamSchema } from '@aws-lambda-powertools/parser/schemas/kinesis';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { describe, expect, it } from 'vitest';
import {
  dynamoDBStreamRecord,
  dynamoDBStreamRecordOf,
  httpApiEvent,
  httpApiEventFormat1,
  kinesisRecord,
  kinesisRecordOf,
  sqsRecord,
  sqsRecordOfMessage,
} from '../../aws/events/index.ts';

/*
 * The runtime builds the records it delivers from what the engines answer through the SDK (`…Of`); tests and
 * `eventful invoke --sample` build them from a few options. Both go through one builder per shape, so the same
 * message gives byte-identical JSON, keys in the same order.
 */

describe('records built from engine answers', () => {
  it('an SQS message received through the SDK gives the record sqsRecord builds, byte for byte', () => {
    const built = sqsRecord({ orderId: 'o-1' }, { messageGroupId: 'g-1', messageAttributes: { kind: { dataType: 'String', stringValue: 'note' } } });
    const a = built.attributes as unknown as Record<string, string>;

    const received = sqsRecordOfMessage(
      {
        MessageId: built.messageId,
        ReceiptHandle: built.receiptHandle,
        Body: built.body,
        MD5OfBody: built.md5OfBody,
        MD5OfMessageAttributes: built.md5OfMessageAttributes as string,
        // The SDK answers attributes in any order; the record puts them in Lambda's.
        Attributes: Object.fromEntries(Object.entries(a).reverse()),
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'note' } },
      },
      { arn: built.eventSourceARN, region: built.awsRegion },
    );

    expect(JSON.stringify(received)).toBe(JSON.stringify(built));
    expect(SqsSchema.safeParse({ Records: [received] }).success).toBe(true);
  });

  it('a message without attributes has md5OfMessageAttributes null, as Lambda sends it', () => {
    const record = sqsRecordOfMessage(
      { MessageId: 'm-1', ReceiptHandle: 'r', Body: 'x', MD5OfBody: 'd', Attributes: {} },
      { arn: 'arn:aws:sqs:us-east-1:1:q', region: 'us-east-1' },
    );

    expect(record.md5OfMessageAttributes).toBeNull();
    expect(record.messageAttributes).toEqual({});
  });

  it('binary message attributes come back base64, with the reserved list fields present', () => {
    const record = sqsRecordOfMessage(
      { MessageId: 'm-1', Body: 'x', MessageAttributes: { raw: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) } } },
      { arn: 'arn:aws:sqs:us-east-1:1:q', region: 'us-east-1' },
    );

    expect(record.messageAttributes['raw']).toEqual({ binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' });
  });

  it('a Kinesis record from GetRecords gives the record kinesisRecord builds, byte for byte', () => {
    const arrivedAt = new Date('2026-11-28T12:00:00.123Z');
    const built = kinesisRecord({ type: 'product_view' }, { partitionKey: 'u-1', arrivedAt, shardId: 'shardId-000000000001' });

    const received = kinesisRecordOf(
      {
        SequenceNumber: built.kinesis.sequenceNumber,
        PartitionKey: 'u-1',
        Data: Buffer.from(JSON.stringify({ type: 'product_view' })),
        ApproximateArrivalTimestamp: arrivedAt,
      },
      'shardId-000000000001',
      { arn: built.eventSourceARN, region: built.awsRegion, invokeIdentityArn: built.invokeIdentityArn },
    );

    expect(JSON.stringify(received)).toBe(JSON.stringify(built));
    expect(received.kinesis.approximateArrivalTimestamp).toBe(1_795_867_200.123);
    expect(KinesisDataStreamSchema.safeParse({ Records: [received] }).success).toBe(true);
  });

  it('a DynamoDB stream record from GetRecords gives the record dynamoDBStreamRecord builds, byte for byte', () => {
    const createdAt = new Date('2026-11-28T12:00:00Z');
    const built = dynamoDBStreamRecord({
      keys: { pk: 'order#1', sk: 1 },
      newImage: { pk: 'order#1', sk: 1, blob: Uint8Array.from([7]), tags: new Set(['a']) },
      createdAt,
    });

    const received = dynamoDBStreamRecordOf(
      {
        eventID: built.eventID,
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'ddblocal',
        dynamodb: {
          ApproximateCreationDateTime: createdAt,
          Keys: { pk: { S: 'order#1' }, sk: { N: '1' } },
          NewImage: { pk: { S: 'order#1' }, sk: { N: '1' }, blob: { B: Uint8Array.from([7]) }, tags: { SS: ['a'] } },
          SequenceNumber: built.dynamodb?.SequenceNumber,
          SizeBytes: built.dynamodb?.SizeBytes,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
      { arn: built.eventSourceARN as string, region: built.awsRegion as string },
    );

    expect(JSON.stringify(received)).toBe(JSON.stringify(built));
    expect(DynamoDBStreamSchema.safeParse({ Records: [received] }).success).toBe(true);
  });
});

describe('HTTP API payload formats', () => {
  it('format 1.0 (the REST API proxy shape) passes the Powertools API Gateway schema, nulls for what is absent', () => {
    const event = httpApiEventFormat1({ routeKey: 'GET /orders/{orderId}', pathParameters: { orderId: 'o-1' } });

    expect(APIGatewayProxyEventSchema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ resource: '/orders/{orderId}', path: '/orders/o-1', httpMethod: 'GET', queryStringParameters: null, body: null });
  });

  it('format 1.0 keeps every value of a repeated query parameter, the single-value map the last', () => {
    const event = httpApiEventFormat1({ routeKey: 'GET /products', query: { tag: ['a', 'b'] } });

    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'] });
    expect(event.queryStringParameters).toEqual({ tag: 'b' });
  });

  it('format 2.0 moves cookies out of the headers', () => {
    const event = httpApiEvent({ routeKey: 'GET /', cookies: ['a=1', 'b=2'] });

    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers).not.toHaveProperty('cookie');
  });
});
