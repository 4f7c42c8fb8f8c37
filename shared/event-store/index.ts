/**
 * The DynamoDB event store: append-only streams of catalog events per aggregate, with optimistic
 * concurrency, and the pieces the outbox relay needs to publish what was stored.
 *
 * @example
 * const store = createEventStore({ tableName: loadConfig({ required: ['eventStoreTable'] }).eventStoreTable, client: new DynamoDBClient({}) });
 * await withOptimisticConcurrency(async () => {
 *   const events = await store.load(orderId);
 *   const order = foldOrder(events);
 *   await store.append({ aggregateId: orderId, aggregateType: 'order', expectedVersion: order.version, events: [paid] });
 * });
 */
export { createEventStore, EVENT_STORE_KEY, type AppendRequest, type EventStore, type EventStoreOptions, type TransactWrite } from './event-store.ts';
export { AppendConditionFailedError, ConcurrencyConflictError, MalformedStoredEventError } from './errors.ts';
export { withOptimisticConcurrency, type OptimisticRetryOptions } from './optimistic-retry.ts';
export { storedEventFromRecord, storedRecordFromStreamRecord } from './stream-image.ts';
export {
  fromItem,
  storedRecordFromItem,
  toCatalogEvent,
  toItem,
  toSerializedEvent,
  StoredEventItem,
  type StoredEvent,
  type StoredRecord,
} from './stored-event.ts';
