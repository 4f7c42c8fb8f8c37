import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { MalformedStoredEventError } from './errors.ts';
import { fromItem, type StoredEvent } from './stored-event.ts';

/**
 * The stored event a DynamoDB stream record (view type NEW_IMAGE or NEW_AND_OLD_IMAGES) inserted.
 *
 * @throws MalformedStoredEventError when the record carries no new image or the image is not an event.
 */
export function storedEventFromRecord(record: DynamoDBRecord): StoredEvent {
  const image = record.dynamodb?.NewImage;
  if (!image) throw new MalformedStoredEventError([`dynamodb.NewImage: missing from the ${record.eventName ?? ''} record (is the stream view type NEW_IMAGE?)`]);
  // aws-lambda's AttributeValue and the SDK's describe the same wire format with different TypeScript shapes.
  return fromItem(unmarshall(image as Record<string, AttributeValue>));
}
