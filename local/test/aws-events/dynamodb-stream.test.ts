import { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoDBStreamEvent, dynamoDBStreamRecord } from '../../aws/events/index.ts';

const keys = { pk: 'order#1', sk: 1 };
const before = { ...keys, status: 'PLACED', total: 19.5 };
const after = { ...keys, status: 'PAID', total: 19.5, tags: ['a'] };

describe('dynamoDBStreamRecord', () => {
  it('builds records the Powertools DynamoDB stream schema accepts, unmarshalling back to the items', () => {
    // Act
    const parsed = DynamoDBStreamSchema.parse(dynamoDBStreamEvent([dynamoDBStreamRecord({ keys, newImage: after, oldImage: before })]));

    // Assess
    expect(parsed.Records[0]?.dynamodb).toMatchObject({ Keys: keys, NewImage: after, OldImage: before });
  });

  it.each([
    ['INSERT', { newImage: after }],
    ['MODIFY', { newImage: after, oldImage: before }],
    ['REMOVE', { oldImage: before }],
  ] as const)('infers %s from the images given', (eventName, images) => {
    expect(dynamoDBStreamRecord({ keys, ...images }).eventName).toBe(eventName);
  });

  it('marshalls keys and images as DynamoDB attribute values', () => {
    const record = dynamoDBStreamRecord({ keys, newImage: after });

    expect(record.dynamodb?.Keys).toEqual({ pk: { S: 'order#1' }, sk: { N: '1' } });
    expect(record.dynamodb?.NewImage?.tags).toEqual({ L: [{ S: 'a' }] });
  });

  it.each([
    ['KEYS_ONLY', [] as string[]],
    ['NEW_IMAGE', ['NewImage']],
    ['OLD_IMAGE', ['OldImage']],
    ['NEW_AND_OLD_IMAGES', ['NewImage', 'OldImage']],
  ] as const)('includes only the images a %s stream captures', (streamViewType, images) => {
    // Act
    const record = dynamoDBStreamRecord({ keys, newImage: after, oldImage: before, streamViewType });

    // Assess
    expect(Object.keys(record.dynamodb!).filter((k) => k.endsWith('Image'))).toEqual(images);
    expect(record.dynamodb?.StreamViewType).toBe(streamViewType);
  });

  it('numbers records in increasing sequence and gives their size', () => {
    // Act
    const first = dynamoDBStreamRecord({ keys, newImage: after });
    const second = dynamoDBStreamRecord({ keys, newImage: after });

    // Assess
    expect(BigInt(second.dynamodb!.SequenceNumber!)).toBeGreaterThan(BigInt(first.dynamodb!.SequenceNumber!));
    expect(first.dynamodb?.SizeBytes).toBeGreaterThan(0);
  });

  it('uses the record envelope Lambda sends, the stream ARN under the table', () => {
    expect(dynamoDBStreamRecord({ keys, newImage: after, tableName: 'events' })).toMatchObject({
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: expect.stringMatching(/^arn:aws:dynamodb:us-east-1:123456789012:table\/events\/stream\//),
    });
  });

  it('marks a Time to Live deletion with the DynamoDB service as user identity', () => {
    const record = dynamoDBStreamRecord({ keys, oldImage: before, ttlExpired: true });

    expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    expect(DynamoDBStreamSchema.safeParse(dynamoDBStreamEvent([record])).success).toBe(true);
  });
});

describe('binary attributes', () => {
  it('are base64 in the images, as Lambda sends them (not the bytes marshall leaves)', () => {
    const record = dynamoDBStreamRecord({ keys: { pk: 'k' }, newImage: { pk: 'k', blob: Uint8Array.from([1, 2, 3]) } });

    expect(record.dynamodb?.NewImage?.['blob']).toEqual({ B: 'AQID' });
  });
});
