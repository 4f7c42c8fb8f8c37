import { describe, expect, it } from 'vitest';
import { MalformedStoredEventError, storedEventFromRecord, toItem } from '../../../shared/event-store/index.ts';
import { ORDER_AGGREGATE } from '../../../shared/orders/index.ts';
import { dynamoDBStreamRecord } from '../../kit/index.ts';
import { orderPlaced } from '../support/order-events.ts';

const placed = orderPlaced('o-1');
const item = toItem(placed, 'o-1', ORDER_AGGREGATE, 1, 'hash-1');

describe('storedEventFromRecord', () => {
  it.each(['NEW_IMAGE', 'NEW_AND_OLD_IMAGES'] as const)('reads the event a stream record of view type %s inserted', (streamViewType) => {
    // Prepare
    const record = dynamoDBStreamRecord({ keys: { aggregateId: 'o-1', version: 1 }, newImage: item, streamViewType });

    // Act
    const stored = storedEventFromRecord(record);

    // Assess
    expect(stored).toMatchObject({
      aggregateId: 'o-1',
      version: 1,
      detailType: 'OrderPlaced',
      detail: placed.detail,
      detailJson: item.detail,
      commandHash: 'hash-1',
    });
  });

  it('refuses a record without a new image, suggesting the stream view type', () => {
    // Prepare
    const record = dynamoDBStreamRecord({ keys: { aggregateId: 'o-1', version: 1 }, newImage: item, streamViewType: 'KEYS_ONLY' });

    // Act
    const read = () => storedEventFromRecord(record);

    // Assess
    expect(read).toThrow(MalformedStoredEventError);
    expect(read).toThrow(/dynamodb\.NewImage: missing from the INSERT record \(is the stream view type NEW_IMAGE\?\)/);
  });

  it('refuses a new image that is not an event', () => {
    // Prepare
    const record = dynamoDBStreamRecord({ keys: { aggregateId: 'o-1', version: 1 }, newImage: { aggregateId: 'o-1', version: 1 } });

    // Act
    const read = () => storedEventFromRecord(record);

    // Assess
    expect(read).toThrow(/Malformed event store item of o-1: aggregateType: .*; eventId: /);
  });
});
