import { describe, expect, it } from 'vitest';
import { fromItem, MalformedStoredEventError, toCatalogEvent, toItem } from '../../../shared/event-store/index.ts';
import { InvalidEventError, UnknownEventTypeError } from '../../../shared/events/index.ts';
import { ORDER_AGGREGATE } from '../../../shared/orders/index.ts';
import { orderPlaced } from '../support/order-events.ts';

const placed = orderPlaced('o-1');

describe('stored events', () => {
  it('reads back the event it stored, its detail exactly as written', () => {
    // Prepare
    const item = toItem(placed, 'o-1', ORDER_AGGREGATE, 1, 'hash-1');

    // Act
    const stored = fromItem(item);

    // Assess
    expect(stored).toEqual({
      aggregateId: 'o-1',
      aggregateType: 'order',
      version: 1,
      eventId: placed.detail.metadata.eventId,
      source: 'eventful.orders',
      detailType: 'OrderPlaced',
      detail: placed.detail,
      detailJson: item.detail,
      occurredAt: placed.detail.metadata.occurredAt,
      correlationId: 'corr-o-1',
      commandHash: 'hash-1',
    });
    expect(toCatalogEvent(stored)).toEqual(placed);
  });

  it('leaves the fingerprint out of the item when there is none', () => {
    // Act
    const item = toItem(placed, 'o-1', ORDER_AGGREGATE, 2);

    // Assess
    expect(item).not.toHaveProperty('commandHash');
    expect(fromItem(item)).not.toHaveProperty('commandHash');
  });

  it.each([
    ['a missing attribute', { eventId: undefined }, /of o-1: eventId: /],
    ['a version that is not a positive integer', { version: 0 }, /version: /],
    ['a detail that is not JSON', { detail: '{not json' }, /detail: not JSON/],
  ])('refuses an item with %s, naming it', (_, overrides, message) => {
    // Prepare
    const item = { ...toItem(placed, 'o-1', ORDER_AGGREGATE, 1), ...overrides };

    // Act
    const read = () => fromItem(item);

    // Assess
    expect(read).toThrow(MalformedStoredEventError);
    expect(read).toThrow(message);
  });

  it('refuses a detail that does not match its catalog definition, naming the field', () => {
    // Prepare
    const detail = { ...placed.detail, data: { ...placed.detail.data, totalMinor: -1 } };
    const item = { ...toItem(placed, 'o-1', ORDER_AGGREGATE, 1), detail: JSON.stringify(detail) };

    // Act
    const read = () => fromItem(item);

    // Assess
    expect(read).toThrow(InvalidEventError);
    expect(read).toThrow(/data\.totalMinor/);
  });

  it('refuses a detail type the catalog does not know', () => {
    // Prepare
    const item = { ...toItem(placed, 'o-1', ORDER_AGGREGATE, 1), detailType: 'OrderTeleported' };

    // Act
    const read = () => fromItem(item);

    // Assess
    expect(read).toThrow(UnknownEventTypeError);
  });
});
