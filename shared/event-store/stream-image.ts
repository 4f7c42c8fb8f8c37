import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { MalformedStoredEventError } from './errors.ts';
import { fromItem, storedRecordFromItem, type StoredEvent, type StoredRecord } from './stored-event.ts';

/**
 * The stored event a DynamoDB stream record (view type NEW_IMAGE or NEW_AND_OLD_IMAGES) inserted.
 *
 * @throws MalformedStoredEventError when the record carries no new image or the image is not an event.
 */
export function storedEventFromRecord(record: DynamoDBRecord): StoredEvent {
  return fromItem(newImageOf(record));
}

/**
 * The stored record a DynamoDB stream record inserted, its detail left as the stored JSON: what the
 * outbox relay publishes byte for byte.
 *
 * @throws MalformedStoredEventError when the record carries no new image or the image is not an event item.
 */
export function storedRecordFromStreamRecord(record: DynamoDBRecord): StoredRecord {
  return storedRecordFromItem(newImageOf(record));
}

function newImageOf(record: DynamoDBRecord): Record<string, unknown> {
  const image = record.dynamodb?.NewImage;
  if (!image)
    throw new MalformedStoredEventError([`dynamodb.NewImage: missing from the ${record.eventName ?? ''} record (is the stream view type NEW_IMAGE?)`]);
  // aws-lambda's AttributeValue and the SDK's describe the same wire format with different TypeScript shapes.
  return unmarshall(image as Record<string, AttributeValue>);
}
